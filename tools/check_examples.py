#!/usr/bin/env python3
"""Validate Apple's example profiles against mclint's generated schemas.

Usage:
    tools/check_examples.py --apple DIR [--schemas schemas/generated]
        [--known tests/schema/known_example_defects.txt] [-v]

Every file under DIR/examples/mdm/profiles/ is read with plistlib.  The
profile's outer dictionary is checked against TopLevel, and each dictionary
in PayloadContent against the schema of its PayloadType: known keys, value
types, enums, ranges, formats, array sizes, required keys, nested
dictionaries and arrays, includes, refs, variants and ANY entries.

Platforms: the payload is checked once per platform on which its schema
says it exists, and a mismatch is reported when it occurs on every one of
them; so a key must be available on at least one of the payload's platforms
(Apple's examples mix platform-specific keys).  Integers are accepted where
the schema says real.

This is also a small reference implementation of the schema semantics that
the C loader implements (see schemas/README.md).

Every mismatch is printed as "<example path>: <message>".  Lines listed in
the --known file are Apple example defects that no override should paper
over; they are reported but do not fail the run.  Exit status: 0 when every
mismatch is known and every known line still occurs, else 1.
"""

import argparse
import datetime
import os
import plistlib
import re
import sys
import xml.etree.ElementTree as ET

NS = "{urn:mclint:schema:1}"
PLATFORMS = ("iOS", "macOS", "tvOS", "visionOS", "watchOS")
PY_TYPES = {
    str: "string", bool: "boolean", int: "integer", float: "real",
    bytes: "data", datetime.datetime: "date", list: "array", dict: "dict",
}


def tag(elem):
    return elem.tag[len(NS):] if elem.tag.startswith(NS) else elem.tag


def children(elem, name):
    return [c for c in elem if tag(c) == name]


class Schema:
    """One payload schema file, with the lookups the validator needs."""

    def __init__(self, path):
        self.root = ET.parse(path).getroot()
        self.type = self.root.get("type")
        self.defines = {d.get("name"): d for d in children(self.root, "define")}
        self.platforms = platform_deltas(self.root)

    def content(self, elem):
        """Children describing a container, following <ref>."""
        refs = children(elem, "ref")
        if refs:
            return list(self.defines[refs[0].get("name")])
        return list(elem)

    def available_on(self):
        """Platforms on which the payload as a whole exists."""
        if not self.platforms:
            return list(PLATFORMS)     # Apple gives no platform facts
        return [p for p in PLATFORMS
                if p in self.platforms
                and self.platforms[p].get("available") != "false"]


def platform_deltas(elem):
    return {p.get("name"): dict(p.attrib) for p in children(elem, "platform")}


def step_available(avail, elem, platform):
    """Apply one element's platform delta to the inherited availability:
    introduced makes it available, available="false" makes it not."""
    delta = platform_deltas(elem).get(platform)
    if delta is None:
        return avail
    if delta.get("available") == "false":
        return False
    if "introduced" in delta or delta.get("available") == "true":
        return True
    return avail


class Members:
    """The key table of one dictionary: name -> (schema, elem, availability
    at the dictionary), plus the optional ANY entry."""

    def __init__(self):
        self.keys, self.any = {}, None

    def add(self, schema, elems, avail, replace=False):
        for e in elems:
            if tag(e) == "key":
                if replace or e.get("name") not in self.keys:
                    self.keys[e.get("name")] = (schema, e, avail)
            elif tag(e) == "any" and (replace or self.any is None):
                self.any = (schema, e, avail)


class Validator:
    def __init__(self, schemas, platform, force_variant=None):
        self.schemas = schemas
        self.platform = platform
        self.force_variant = force_variant   # <variant> element or None
        self.errors = []

    def err(self, path, msg):
        self.errors.append("%s: %s" % (path or "(top)", msg))

    # -- payload roots ------------------------------------------------------

    def root_members(self, schema, value, seen=()):
        """Top-level keys: the payload's own, then its includes (first wins),
        then a matching <variant> replaces keys of the same name."""
        m = Members()
        avail = step_available(True, schema.root, self.platform)
        m.add(schema, [e for e in schema.root if tag(e) in ("key", "any")],
              avail)
        for inc in children(schema.root, "include"):
            name = inc.get("payload")
            if name in seen:
                continue
            sub = self.root_members(self.schemas[name], value,
                                    seen + (schema.type,))
            for k, v in sub.keys.items():
                m.keys.setdefault(k, v)
            if m.any is None:
                m.any = sub.any
        for var in children(schema.root, "variant"):
            if var is self.force_variant or (
                    isinstance(value, dict) and
                    value.get(var.get("key")) == var.get("value")):
                m.add(schema, list(var), avail, replace=True)
        return m

    def check_payload(self, schema, value, path):
        if not isinstance(value, dict):
            self.err(path, "payload is %s, not a dictionary" % ptype(value))
            return
        self.check_members(self.root_members(schema, value), value, path)

    # -- dictionaries, arrays, scalars --------------------------------------

    def check_members(self, members, value, path):
        for k in sorted(value):
            kpath = "%s/%s" % (path, k) if path else k
            if k in members.keys:
                schema, elem, avail = members.keys[k]
            elif members.any is not None:
                schema, elem, avail = members.any
            else:
                self.err(kpath, "unknown key")
                continue
            self.check_node(schema, elem, avail, value[k], kpath)
        for k, (schema, elem, avail) in sorted(members.keys.items()):
            if elem.get("presence") == "required" and k not in value and \
                    step_available(avail, elem, self.platform):
                self.err(path, "missing required key %s" % k)

    def check_node(self, schema, elem, avail, value, path):
        avail = step_available(avail, elem, self.platform)
        if not avail:
            self.err(path, "not available on %s" % self.platform)
        want = elem.get("type")
        got = ptype(value)
        if want != "any" and got != want and \
                not (want == "real" and got == "integer"):
            self.err(path, "type %s, schema says %s" % (got, want))
            return
        if want == "dict" or (want == "any" and got == "dict" and
                              len(elem)):
            self.check_dict(schema, elem, avail, value, path)
        elif want == "array":
            self.check_array(schema, elem, avail, value, path)
        else:
            self.check_scalar(elem, value, path)

    def check_dict(self, schema, elem, avail, value, path):
        m = Members()
        m.add(schema, schema.content(elem), avail)
        self.check_members(m, value, path)

    def check_array(self, schema, elem, avail, value, path):
        item = [e for e in schema.content(elem) if tag(e) == "item"][0]
        lo, hi = item.get("min-items"), item.get("max-items")
        if lo is not None and len(value) < int(lo):
            self.err(path, "%d items, schema says at least %s"
                     % (len(value), lo))
        if hi is not None and len(value) > int(hi):
            self.err(path, "%d items, schema says at most %s"
                     % (len(value), hi))
        for i, v in enumerate(value):
            self.check_node(schema, item, avail, v, "%s[%d]" % (path, i))

    def check_scalar(self, elem, value, path):
        want = elem.get("type")
        enum = children(elem, "enum")
        if enum:
            allowed = [typed(want, v.text or "") for v in children(enum[0],
                                                                  "value")]
            if value not in allowed:
                self.err(path, "value %r not in %s" % (value, allowed))
        rng = children(elem, "range")
        if rng and isinstance(value, (int, float)):
            lo, hi = rng[0].get("min"), rng[0].get("max")
            if lo is not None and value < float(lo):
                self.err(path, "value %r below minimum %s" % (value, lo))
            if hi is not None and value > float(hi):
                self.err(path, "value %r above maximum %s" % (value, hi))
        fmt = elem.get("format")
        if fmt is not None and isinstance(value, str) and \
                not re.search(fmt, value):
            self.err(path, "value %r does not match %s" % (value, fmt))


def ptype(value):
    for py, name in PY_TYPES.items():
        if type(value) is py:
            return name
    return type(value).__name__


def typed(type_, text):
    """Enum values are written as text and typed by the key's type."""
    if type_ == "integer":
        return int(text)
    if type_ == "real":
        return float(text)
    if type_ == "boolean":
        return text == "true"
    return text


# ---------------------------------------------------------------------------
# Driving the examples
# ---------------------------------------------------------------------------

def load_schemas(schema_dir):
    src = ET.parse(os.path.join(schema_dir, "SOURCE.xml")).getroot()
    schemas, by_yaml = {}, {}
    for p in children(src, "payload"):
        schemas[p.get("type")] = Schema(os.path.join(schema_dir,
                                                     p.get("file")))
        for y in children(p, "yaml"):
            by_yaml[y.get("name")] = p.get("type")
    return schemas, by_yaml


def validate_on_some_platform(schemas, schema, value, path, variant=None):
    """Errors that occur on every platform where the payload exists.  Apple's
    examples mix keys of several platforms (com.apple.tvremote has an iOS-only
    and a tvOS-only key), so a key must be available on at least one of the
    payload's platforms, not all keys on one platform."""
    per = []
    for platform in schema.available_on():
        v = Validator(schemas, platform, variant)
        v.check_payload(schema, value, path)
        if not v.errors:
            return []
        per.append(set(v.errors))
    if not per:
        return ["%s: schema %s is available on no platform"
                % (path, schema.type)]
    return sorted(set.intersection(*per))


def check_example(schemas, by_yaml, rel, profile):
    """All mismatches of one example file."""
    out = []
    example_yaml = rel.split("/")[0] + ".yaml"
    example_type = by_yaml.get(example_yaml)
    if example_type is None:
        out.append("no schema for example folder %s" % rel.split("/")[0])
    if not isinstance(profile, dict):
        return out + ["profile is %s, not a dictionary" % ptype(profile)]
    out += validate_on_some_platform(schemas, schemas["TopLevel"], profile, "")
    content = profile.get("PayloadContent")
    if not isinstance(content, list):
        return out
    types_seen = []
    for i, payload in enumerate(content):
        path = "PayloadContent[%d]" % i
        pt = payload.get("PayloadType") if isinstance(payload, dict) else None
        types_seen.append(pt)
        schema = schemas.get(pt)
        if schema is None:
            out.append("%s: unknown PayloadType %r" % (path, pt))
            # Still check the body against the likely schema, so one wrong
            # type name does not hide every other mismatch.
            folded = [t for t in schemas if str(pt).lower() == t.lower()]
            schema = schemas.get(folded[0] if folded else example_type)
            if schema is None:
                continue
            out.append("%s: checked against %s instead" % (path, schema.type))
        variant = example_variant(schema, example_yaml)
        if variant is not None and isinstance(payload, dict) and \
                payload.get(variant.get("key")) != variant.get("value"):
            # An example of a variant's YAML file that does not select the
            # variant would otherwise be checked against the base only.
            out.append("%s/%s: %r does not select the variant of %s; "
                       "checked as if it were %r" %
                       (path, variant.get("key"),
                        payload.get(variant.get("key")), example_yaml,
                        variant.get("value")))
        out += validate_on_some_platform(schemas, schema, payload, path,
                                         variant)
    if example_type is not None and example_type not in types_seen:
        out.append("no %s payload in this example" % example_type)
    return out


def example_variant(schema, example_yaml):
    """The <variant> made from the YAML file this example belongs to."""
    for var in children(schema.root, "variant"):
        if example_yaml in (var.get("source") or "").split():
            return var
    return None


def read_known(path):
    known = set()
    if path:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.strip() and not line.lstrip().startswith("#"):
                    known.add(line)
    return known


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--apple", required=True,
                    help="checkout of Apple's device-management repository")
    ap.add_argument("--schemas", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "schemas",
        "generated"))
    ap.add_argument("--known", help="file of known Apple example defects")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also list the examples that pass")
    args = ap.parse_args(argv)
    schemas, by_yaml = load_schemas(args.schemas)
    known = read_known(args.known)
    base = os.path.join(args.apple, "examples", "mdm", "profiles")
    files = sorted(os.path.relpath(os.path.join(d, f), base)
                   for d, _, fs in os.walk(base) for f in fs)
    if not files:
        print("check_examples.py: no examples under %s" % base,
              file=sys.stderr)
        return 1
    lines, failed_files = [], 0
    for rel in files:
        rel = rel.replace(os.sep, "/")
        try:
            with open(os.path.join(base, rel), "rb") as f:
                profile = plistlib.load(f)
            found = check_example(schemas, by_yaml, rel, profile)
        except (plistlib.InvalidFileException, ValueError) as e:
            found = ["cannot read: %s" % e]
        found = ["%s: %s" % (rel, m) for m in found]
        if found:
            failed_files += 1
        elif args.verbose:
            print("ok   %s" % rel)
        lines += found
    new = [l for l in lines if l not in known]
    stale = sorted(known - set(lines))
    for l in lines:
        print("%s %s" % ("KNOWN" if l in known else "FAIL ", l))
    for l in stale:
        print("STALE known defect no longer seen: %s" % l)
    print("check_examples: %d example files, %d with mismatches; "
          "%d mismatches (%d known Apple example defects, %d new), "
          "%d stale known entries" % (len(files), failed_files, len(lines),
                                      len(lines) - len(new), len(new),
                                      len(stale)))
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main())
