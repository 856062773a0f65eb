#!/usr/bin/env python3
"""Generate mclint's payload schemas (XML) from Apple's device-management YAML.

Usage:
    tools/gen_schema.py --apple DIR --out schemas/generated \
        [--overrides schemas/overrides/overrides.yaml] [--commit SHA]

DIR is a checkout with the layout of https://github.com/apple/device-management
(mdm/profiles/*.yaml, README.md, LICENSE.txt).  The output format is described
in schemas/README.md and its grammar is schemas/schema.rng.

Design rules (see schemas/README.md for the why):
  * Facts only: Apple's prose (title of keys, content, notes, examples) is not
    copied; the payload title is kept.
  * Strict: any YAML field, type or value this script does not know makes it
    exit non-zero with a message naming the file and key.  A new Apple release
    must be looked at by a person instead of silently losing facts.
  * Deterministic: no timestamps, fixed attribute order, Apple's key order,
    everything else sorted.  Rerunning gives byte-identical files.
  * Hand-written corrections live in the overrides file and are marked in the
    output with override="id" on the element they changed.
"""

import argparse
import copy
import hashlib
import io
import os
import re
import subprocess
import sys

import yaml

NS = "urn:mclint:schema:1"
PLATFORMS = ("iOS", "macOS", "tvOS", "visionOS", "watchOS")
TYPES = {
    "<string>": "string", "<integer>": "integer", "<real>": "real",
    "<boolean>": "boolean", "<date>": "date", "<data>": "data",
    "<array>": "array", "<dictionary>": "dict", "<any>": "any",
}
CONTAINERS = ("array", "dict")
MODES = ("allowed", "required", "forbidden", "ignored")
VERSION_RE = re.compile(r"\d+(\.\d+)*")
# Apple's YAML names the wildcard key of a dictionary "ANY".
ANY_KEY = "ANY"
# Placeholder names that suggest a dictionary with arbitrary keys which Apple
# did not mark ANY; each hit must be handled by a 'dynamic' override or it
# is reported as a warning.
DYNAMIC_HINT_RE = re.compile(r"(Item|Items|Element)$")


class SchemaError(Exception):
    """A fact in the input that this generator does not understand."""


def fail(msg):
    raise SchemaError(msg)


# ---------------------------------------------------------------------------
# Strict YAML loading
# ---------------------------------------------------------------------------

class StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys (PyYAML keeps the last
    one silently, which would drop a fact)."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path):
    with open(path, "rb") as f:
        data = f.read()
    stream = io.BytesIO(data)
    stream.name = path          # so that PyYAML's messages name the file
    try:
        return yaml.load(stream, Loader=StrictLoader), data
    except yaml.YAMLError as e:
        fail("%s: cannot parse YAML: %s" % (path, e))


# ---------------------------------------------------------------------------
# Model.  Bodies (the subkeys list of a dict or array) are separate objects
# because YAML aliases share them; a body used more than once becomes a
# <define> and every use a <ref>.
# ---------------------------------------------------------------------------

class Body:
    def __init__(self, kind):
        self.kind = kind          # "dict" or "array"
        self.children = []        # dict: key/any Nodes; array: [item Node]
        self.name = None          # define name, set when shared

    def find(self, name):
        for child in self.children:
            if child.kind == "key" and child.name == name:
                return child
        return None


class Node:
    def __init__(self, kind, name, type_):
        self.kind = kind          # "key", "item" or "any"
        self.name = name          # key name; None for item/any
        self.type = type_
        self.attrs = {}           # presence, default, format, ...
        self.enum = None          # list of typed values
        self.range = None         # (min, max), either may be None
        self.platforms = {}       # os -> {attr: str}, a delta
        self.platform_overrides = {}  # os -> [override ids]
        self.body = None
        self.overrides = []
        self.placeholder = None   # Apple's name for an item/ANY placeholder
        self.subkeytype = None    # Apple's structure name, for define names


class Payload:
    def __init__(self, ptype, title, sources):
        self.type = ptype
        self.title = title
        self.sources = sources    # YAML file names
        self.platforms = {}
        self.platform_overrides = {}
        self.body = Body("dict")
        self.includes = []        # [(payload type, override id)]
        self.variants = []        # [Variant]
        self.overrides = []


class Variant:
    def __init__(self, key, value, source, body, override):
        self.key, self.value, self.source = key, value, source
        self.body, self.override = body, override


# ---------------------------------------------------------------------------
# Normalising Apple's YAML into the model
# ---------------------------------------------------------------------------

TOP_FIELDS = {"title", "description", "payload", "payloadkeys", "notes",
              "examples"}
PAYLOAD_FIELDS = {"payloadtype", "supportedOS", "content"}
KEY_FIELDS = {"key", "title", "type", "presence", "content", "rangelist",
              "default", "subkeys", "supportedOS", "range", "subkeytype",
              "format", "subtype", "valuetype", "repetition", "combinetype"}
OS_FIELDS = {"introduced", "deprecated", "removed", "multiple", "supervised",
             "allowmanualinstall", "devicechannel", "userchannel",
             "requiresdep", "userapprovedmdm", "sharedipad", "userenrollment"}
BOOL_OS_FIELDS = {
    "multiple": "multiple", "supervised": "supervised",
    "allowmanualinstall": "manual-install", "devicechannel": "device-channel",
    "userchannel": "user-channel", "requiresdep": "requires-dep",
    "userapprovedmdm": "user-approved-mdm",
}
COMBINETYPES = {"boolean-or", "boolean-and", "number-min", "number-max",
                "enum-first", "enum-last", "first", "array-append",
                "set-union", "set-intersection"}
VALUETYPES = {"domain", "domain-prefix", "email", "hostname", "localtime",
              "regex", "timestamp", "url", "uuid"}


def check_fields(where, obj, allowed):
    if not isinstance(obj, dict):
        fail("%s: expected a mapping, got %r" % (where, obj))
    unknown = sorted(set(obj) - allowed)
    if unknown:
        fail("%s: unknown field(s) %s" % (where, ", ".join(map(str, unknown))))


def bool_str(where, value):
    if not isinstance(value, bool):
        fail("%s: expected a boolean, got %r" % (where, value))
    return "true" if value else "false"


def norm_version(where, value):
    # Unquoted versions would have been parsed as floats (10.10 -> 10.1).
    if not isinstance(value, str) or not VERSION_RE.fullmatch(value):
        fail("%s: bad version %r" % (where, value))
    return value


def norm_mode(where, obj, extra):
    """sharedipad / userenrollment objects -> {mode, extra booleans}."""
    check_fields(where, obj, {"mode"} | set(extra))
    out = {}
    if "mode" in obj:
        if obj["mode"] not in MODES:
            fail("%s: unknown mode %r" % (where, obj["mode"]))
        out["mode"] = obj["mode"]
    for field, attr in extra.items():
        if field in obj and attr is not None:
            out[attr] = bool_str("%s.%s" % (where, field), obj[field])
    return out


def norm_os(where, obj):
    """One platform entry of supportedOS -> XML attributes (a delta)."""
    if obj is None:
        return {}
    check_fields(where, obj, OS_FIELDS)
    out = {}
    intro = obj.get("introduced")
    if intro == "n/a":
        out["available"] = "false"
    elif intro == "all":
        # Used once (loginwindow): "every version the enclosing payload
        # supports", i.e. exactly what inheritance gives; emit nothing.
        pass
    elif intro is not None:
        out["introduced"] = norm_version(where + ".introduced", intro)
    for field in ("deprecated", "removed"):
        if field in obj:
            out[field] = norm_version("%s.%s" % (where, field), obj[field])
    for field, attr in BOOL_OS_FIELDS.items():
        if field == "multiple" and obj.get(field) == "profile":
            # One per profile, many per device (an override's correction:
            # Apple's boolean cannot say it).
            out[attr] = "profile"
        elif field in obj:
            out[attr] = bool_str("%s.%s" % (where, field), obj[field])
    if "userenrollment" in obj:
        # 'behavior' is prose and deliberately not kept.
        ue = norm_mode(where + ".userenrollment", obj["userenrollment"],
                       {"behavior": None})
        if "mode" in ue:
            out["user-enrollment"] = ue["mode"]
    if "sharedipad" in obj:
        si = norm_mode(where + ".sharedipad", obj["sharedipad"],
                       {"devicechannel": "shared-ipad-device-channel",
                        "userchannel": "shared-ipad-user-channel"})
        if "mode" in si:
            out["shared-ipad"] = si.pop("mode")
        out.update(si)
    return out


def norm_supported(where, obj):
    if obj is None:
        return {}
    check_fields(where, obj, set(PLATFORMS))
    out = {}
    for os_name in PLATFORMS:
        if os_name in obj:
            attrs = norm_os("%s.%s" % (where, os_name), obj[os_name])
            if attrs:
                out[os_name] = attrs
    return out


def typed_value(where, type_, value):
    """Check a rangelist/default/range value against the key type.  YAML 1.1
    turns unquoted yes/no/on/off into booleans; this catches that."""
    ok = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "real": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }.get(type_)
    if not ok:
        fail("%s: value %r does not fit type %s" % (where, value, type_))
    return value


class Normaliser:
    """Turns one YAML file into model objects; keeps a memo of subkeys lists
    by identity so YAML aliases (including recursive ones) map to one Body."""

    def __init__(self, fname):
        self.fname = fname
        self.bodies = {}

    def key(self, where, yk, kind="key"):
        check_fields(where, yk, KEY_FIELDS)
        name = yk.get("key")
        if not isinstance(name, str) or not name:
            fail("%s: key without a name" % where)
        where = "%s/%s" % (where, name)
        if yk.get("type") not in TYPES:
            fail("%s: unknown type %r" % (where, yk.get("type")))
        type_ = TYPES[yk["type"]]
        if kind == "key" and name == ANY_KEY:
            kind = "any"
        node = Node(kind, name if kind == "key" else None, type_)
        if kind != "key":
            node.placeholder = name
        self.scalars(where, yk, node)
        node.platforms = norm_supported(where + ".supportedOS",
                                        yk.get("supportedOS"))
        node.subkeytype = yk.get("subkeytype")
        if type_ in CONTAINERS:
            if "subkeys" not in yk:
                fail("%s: %s without subkeys" % (where, type_))
            node.body = self.body(where, yk["subkeys"], type_)
        elif "subkeys" in yk:
            fail("%s: subkeys on scalar type %s" % (where, type_))
        return node

    def scalars(self, where, yk, node):
        t = node.type
        presence = yk.get("presence")
        if presence is not None:
            if presence not in ("required", "optional"):
                fail("%s: bad presence %r" % (where, presence))
            # On an array's element placeholder 'presence' carries no fact
            # (Apple sets it at random there); it is not emitted.
            if node.kind != "item":
                node.attrs["presence"] = presence
        if "default" in yk:
            node.attrs["default"] = typed_value(where + ".default", t,
                                                yk["default"])
        if "rangelist" in yk:
            if not isinstance(yk["rangelist"], list) or not yk["rangelist"]:
                fail("%s: rangelist must be a non-empty list" % where)
            node.enum = [typed_value(where + ".rangelist", t, v)
                         for v in yk["rangelist"]]
        if "range" in yk:
            check_fields(where + ".range", yk["range"], {"min", "max"})
            rt = "real" if t == "real" else "integer"
            node.range = tuple(
                typed_value(where + ".range", rt, yk["range"][b])
                if b in yk["range"] else None for b in ("min", "max"))
        if "format" in yk:
            if not isinstance(yk["format"], str) or t != "string":
                fail("%s: format needs a string key and a string" % where)
            try:
                re.compile(yk["format"])
            except re.error as e:
                fail("%s: format is not a regular expression: %s" % (where, e))
            node.attrs["format"] = yk["format"]
        for field in ("subtype", "valuetype"):
            if field in yk:
                vt = str(yk[field]).strip("<>")
                if vt not in VALUETYPES:
                    fail("%s: unknown %s %r" % (where, field, yk[field]))
                node.attrs["valuetype"] = vt
        if "repetition" in yk:
            rep = yk["repetition"]
            check_fields(where + ".repetition", rep, {"min", "max"})
            if node.kind != "item":
                fail("%s: repetition outside an array element" % where)
            for b in ("min", "max"):
                if b in rep:
                    node.attrs[b + "-items"] = typed_value(
                        where + ".repetition", "integer", rep[b])
        if "combinetype" in yk:
            if yk["combinetype"] not in COMBINETYPES:
                fail("%s: unknown combinetype %r" % (where, yk["combinetype"]))
            node.attrs["combinetype"] = yk["combinetype"]

    def body(self, where, subkeys, type_):
        if not isinstance(subkeys, list) or not subkeys:
            fail("%s: subkeys must be a non-empty list" % where)
        memo = self.bodies.get(id(subkeys))
        if memo is not None:
            if memo[1].kind != type_:
                fail("%s: one YAML subkeys list used as both array and dict"
                     % where)
            return memo[1]
        body = Body(type_)
        # Keep 'subkeys' alive in the memo so its id() cannot be reused, and
        # register before recursing so recursive aliases terminate.
        self.bodies[id(subkeys)] = (subkeys, body)
        if type_ == "array":
            if len(subkeys) != 1:
                fail("%s: array with %d element definitions (expected 1)"
                     % (where, len(subkeys)))
            body.children = [self.key(where, subkeys[0], kind="item")]
        else:
            body.children = self.keys(where, subkeys)
        return body

    def keys(self, where, ykeys):
        nodes, names = [], set()
        for yk in ykeys:
            node = self.key(where, yk)
            ident = node.name if node.kind == "key" else ANY_KEY
            if ident in names:
                fail("%s: key %r defined twice" % (where, ident))
            names.add(ident)
            nodes.append(node)
        return nodes


def normalise_file(fname, doc):
    """One YAML document -> Payload."""
    check_fields(fname, doc, TOP_FIELDS)
    check_fields(fname + ": payload", doc.get("payload"), PAYLOAD_FIELDS)
    ptype = doc["payload"].get("payloadtype")
    if not isinstance(ptype, str) or not ptype:
        fail("%s: payload.payloadtype missing" % fname)
    title = doc.get("title")
    if not isinstance(title, str):
        fail("%s: title missing" % fname)
    payload = Payload(ptype, title, [fname])
    payload.platforms = norm_supported(fname + ": payload.supportedOS",
                                       doc["payload"].get("supportedOS"))
    if not isinstance(doc.get("payloadkeys"), list):
        fail("%s: payloadkeys must be a list" % fname)
    payload.body.children = Normaliser(fname).keys(fname, doc["payloadkeys"])
    return payload


# ---------------------------------------------------------------------------
# Overrides
# ---------------------------------------------------------------------------

OVERRIDE_COMMON = {"id", "why", "payload"}
OVERRIDE_OPS = {
    "include": {"except"},
    "merge": set(),
    "variant": set(),
    "platform": {"target"},
    "dynamic": {"target"},
    "copy-keys": {"target"},
    "set": {"target"},
    "add-enum": {"target"},
    "add-key": {"target"},
    "rename": {"target"},
    "rename-payload": set(),
}
SETTABLE = {"type", "presence", "default", "format"}


def load_overrides(path):
    doc, _ = load_yaml(path)
    check_fields(path, doc, {"overrides"})
    items = doc.get("overrides")
    if not isinstance(items, list):
        fail("%s: 'overrides' must be a list" % path)
    seen = set()
    for ov in items:
        ops = [op for op in OVERRIDE_OPS if op in ov]
        if len(ops) != 1:
            fail("%s: override %r needs exactly one operation of %s"
                 % (path, ov.get("id"), sorted(OVERRIDE_OPS)))
        ov["op"] = ops[0]
        check_fields("%s: override %r" % (path, ov.get("id")), ov,
                     OVERRIDE_COMMON | {"op", ops[0]} | OVERRIDE_OPS[ops[0]])
        for f in ("id", "why", "payload"):
            if not isinstance(ov.get(f), str) or not ov[f].strip():
                fail("%s: override %r lacks %r" % (path, ov.get("id"), f))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", ov["id"]):
            fail("%s: override id %r: use lower-case letters, digits, '-'"
                 % (path, ov["id"]))
        if "\n" in ov["why"].strip():
            fail("%s: override %r: 'why' must be one line" % (path, ov["id"]))
        if ov["id"] in seen:
            fail("%s: override id %r used twice" % (path, ov["id"]))
        seen.add(ov["id"])
    return items


def resolve_path(payload, path, ov_id):
    """'A/B/[]/C' -> the Node.  '[]' steps into an array's element and '*'
    into a dictionary's ANY entry; a first step 'variant:VALUE' starts at
    the top-level keys of the <variant> selected by VALUE."""
    node, body = None, payload.body
    steps = path.split("/")
    if steps[0].startswith("variant:"):
        value = steps.pop(0)[len("variant:"):]
        hits = [v for v in payload.variants if v.value == value]
        if not hits:
            fail("override %s no longer applies: %s has no variant %r"
                 % (ov_id, payload.type, value))
        body = hits[0].body
    for step in steps:
        if body is None:
            fail("override %s: %r: %r is not a container"
                 % (ov_id, path, node.name))
        if step == "[]":
            if body.kind != "array":
                fail("override %s: %r: '[]' on a non-array" % (ov_id, path))
            node = body.children[0]
        elif step == "*":
            node = next((c for c in body.children if c.kind == "any"), None)
        else:
            node = body.find(step)
        if node is None:
            fail("override %s no longer applies: %s has no %r (path %r)"
                 % (ov_id, payload.type, step, path))
        body = node.body
    return node


def clone(node):
    """A copy of a node whose own facts can change independently of the
    original; its body stays shared (a define if used twice)."""
    dup = copy.copy(node)
    dup.attrs = dict(node.attrs)
    dup.enum = list(node.enum) if node.enum is not None else None
    dup.platforms = {k: dict(v) for k, v in node.platforms.items()}
    dup.platform_overrides = {k: list(v)
                              for k, v in node.platform_overrides.items()}
    dup.overrides = list(node.overrides)
    return dup


def mark(node, ov_id):
    if ov_id not in node.overrides:
        node.overrides.append(ov_id)


def apply_platform(target, platforms, ov_id):
    """Set per-platform attributes; a value of null removes the attribute."""
    if not isinstance(platforms, dict) or not platforms:
        fail("override %s: platform must map OS names to attributes" % ov_id)
    changed = False
    for os_name, attrs in sorted(platforms.items()):
        if os_name not in PLATFORMS or not isinstance(attrs, dict):
            fail("override %s: bad platform entry %r" % (ov_id, os_name))
        delta = norm_os("override %s.%s" % (ov_id, os_name),
                        {k: v for k, v in attrs.items() if v is not None})
        cur = target.platforms.setdefault(os_name, {})
        for attr, value in delta.items():
            changed |= cur.get(attr) != value
            cur[attr] = value
        target.platform_overrides.setdefault(os_name, []).append(ov_id)
    if not changed:
        fail("override %s changes nothing (fixed upstream?)" % ov_id)


def apply_dynamic(node, spec, ov_id):
    """Replace a dictionary's single placeholder subkey by an <any> entry:
    Apple described 'one entry per <language|bundle id|...>' as a fixed key."""
    if node.type != "dict" or len(node.body.children) != 1:
        fail("override %s: %r is not a dict with one placeholder subkey"
             % (ov_id, node.name))
    old = node.body.children[0]
    if old.kind == "any":
        fail("override %s changes nothing: already ANY (fixed upstream?)"
             % ov_id)
    new = clone(old)
    new.kind, new.name, new.placeholder = "any", None, old.name
    if spec:
        check_fields("override %s.dynamic" % ov_id, spec, {"type"})
        if spec.get("type") not in TYPES.values() or spec["type"] in CONTAINERS:
            fail("override %s: dynamic.type must be a scalar type" % ov_id)
        new.type, new.body = spec["type"], None
        new.enum = new.range = None
        new.attrs = {k: v for k, v in new.attrs.items() if k == "presence"}
    mark(new, ov_id)
    node.body.children = [new]


def apply_copy_keys(payload, node, source_path, ov_id):
    """Copy the keys of another dictionary into this one (keys already there
    win).  Bodies stay shared, so they become <define>s if needed."""
    src = resolve_path(payload, source_path, ov_id)
    if node.type != "dict" or src.type != "dict":
        fail("override %s: copy-keys needs two dictionaries" % ov_id)
    added = 0
    for child in src.body.children:
        if child.kind == "key" and node.body.find(child.name) is None:
            dup = clone(child)
            mark(dup, ov_id)
            node.body.children.append(dup)
            added += 1
    if not added:
        fail("override %s changes nothing (fixed upstream?)" % ov_id)


def apply_set(node, values, ov_id):
    if not isinstance(values, dict) or not values:
        fail("override %s: set needs a mapping" % ov_id)
    check_fields("override %s.set" % ov_id, values, SETTABLE)
    changed = False
    for field, value in sorted(values.items()):
        if field == "type":
            if value not in TYPES.values():
                fail("override %s: unknown type %r" % (ov_id, value))
            if (value in CONTAINERS) != (node.type in CONTAINERS):
                fail("override %s: cannot change %s to %s" %
                     (ov_id, node.type, value))
            changed |= node.type != value
            node.type = value
        else:
            changed |= node.attrs.get(field) != value
            node.attrs[field] = value
    if not changed:
        fail("override %s changes nothing (fixed upstream?)" % ov_id)
    mark(node, ov_id)


def apply_add_enum(node, values, ov_id):
    if node.enum is None or not isinstance(values, list) or not values:
        fail("override %s: add-enum needs a key with a rangelist and a list"
             % ov_id)
    for v in values:
        typed_value("override %s" % ov_id, node.type, v)
        if v in node.enum:
            fail("override %s: %r already allowed (fixed upstream?)"
                 % (ov_id, v))
        node.enum.append(v)
    mark(node, ov_id)


def apply_add_key(payload, node, ykey, ov_id):
    body = payload.body if node is None else node.body
    if body is None or body.kind != "dict":
        fail("override %s: add-key target is not a dictionary" % ov_id)
    new = Normaliser("override " + ov_id).key("override " + ov_id, ykey)
    if new.kind == "key" and body.find(new.name) is not None:
        fail("override %s: key %r exists already (fixed upstream?)"
             % (ov_id, new.name))
    mark(new, ov_id)
    body.children.append(new)


def apply_rename(payload, path, node, new_name, ov_id):
    """A key whose name differs from the one the OS reads."""
    if node.kind != "key" or not isinstance(new_name, str) or not new_name:
        fail("override %s: rename needs a key and a new name" % ov_id)
    parent_path = path.rsplit("/", 1)[0] if "/" in path else None
    parent = payload.body if parent_path is None else \
        resolve_path(payload, parent_path, ov_id).body
    if parent.find(new_name) is not None:
        fail("override %s: %r exists already (fixed upstream?)"
             % (ov_id, new_name))
    node.name = new_name
    mark(node, ov_id)


def rename_payloads(by_file, overrides):
    """Payload types that Apple's YAML misspells; done before files are
    grouped by type."""
    for ov in overrides:
        if ov["op"] != "rename-payload":
            continue
        hits = [p for p in by_file.values() if p.type == ov["payload"]]
        if not hits:
            fail("override %s no longer applies: no payload %r"
                 % (ov["id"], ov["payload"]))
        new = ov["rename-payload"]
        if not isinstance(new, str) or any(p.type == new
                                           for p in by_file.values()):
            fail("override %s: bad or existing payload type %r"
                 % (ov["id"], new))
        for p in hits:
            p.type = new
            p.overrides.append(ov["id"])


def apply_key_override(payload, ov):
    op, ov_id = ov["op"], ov["id"]
    target = ov.get("target")
    if op == "add-key" and target is None:
        return apply_add_key(payload, None, ov[op], ov_id)
    if op == "platform" and target is None:  # the payload's own facts
        return apply_platform(payload, ov[op], ov_id)
    if not isinstance(target, str):
        fail("override %s: %s needs a target path" % (ov_id, op))
    node = resolve_path(payload, target, ov_id)
    if op == "platform":
        apply_platform(node, ov[op], ov_id)
    elif op == "dynamic":
        apply_dynamic(node, ov[op], ov_id)
    elif op == "copy-keys":
        apply_copy_keys(payload, node, ov[op], ov_id)
    elif op == "set":
        apply_set(node, ov[op], ov_id)
    elif op == "add-enum":
        apply_add_enum(node, ov[op], ov_id)
    elif op == "add-key":
        apply_add_key(payload, node, ov[op], ov_id)
    elif op == "rename":
        apply_rename(payload, target, node, ov[op], ov_id)


def apply_include(payloads, ov):
    target = ov["include"]
    if target not in payloads:
        fail("override %s no longer applies: no payload %r" %
             (ov["id"], target))
    if ov["payload"] == "*":
        names = sorted(set(payloads) - set(ov.get("except") or []) - {target})
    else:
        if ov["payload"] not in payloads:
            fail("override %s no longer applies: no payload %r"
                 % (ov["id"], ov["payload"]))
        names = [ov["payload"]]
    for name in names:
        payloads[name].includes.append((target, ov["id"]))
        payloads[name].includes.sort()


# ---------------------------------------------------------------------------
# Several YAML files for one payload type: merge (MCX) or variant (SSO)
# ---------------------------------------------------------------------------

def version_key(v):
    return tuple(int(p) for p in v.split("."))


def merge_os(ov_id, os_name, entries):
    """Payload-level platform info of several files -> the least restrictive
    union.  Per-key deltas (see key_delta) keep each file's exact facts."""
    avail = [e for e in entries if e.get("available") != "false"]
    if not avail:
        return {"available": "false"}
    out = {}
    intros = [e["introduced"] for e in avail if "introduced" in e]
    if intros:
        out["introduced"] = min(intros, key=version_key)
    for attr in sorted({a for e in avail for a in e} - {"introduced"}):
        values = {e.get(attr) for e in avail}
        if attr in ("multiple", "device-channel", "user-channel",
                    "manual-install", "shared-ipad-device-channel",
                    "shared-ipad-user-channel"):
            out[attr] = "true" if "true" in values else "false"
        elif attr in ("supervised", "requires-dep", "user-approved-mdm"):
            out[attr] = "false" if "false" in values else "true"
        elif len(values) == 1:
            out[attr] = values.pop()
        else:
            fail("override %s: cannot merge %s %s values %s" %
                 (ov_id, os_name, attr, sorted(map(str, values))))
    return out


def key_delta(file_platforms, merged):
    """What a merged file's own payload info says beyond the merged payload,
    as a key-level delta."""
    delta = {}
    for os_name in PLATFORMS:
        mine = file_platforms.get(os_name, {})
        base = merged.get(os_name, {})
        # merge_os never marks a platform unavailable that one file has, so
        # the delta only ever narrows (available="false", later introduced).
        d = {a: v for a, v in mine.items() if base.get(a) != v}
        if d:
            delta[os_name] = d
    return delta


def apply_merge(group, ov):
    spec = ov["merge"]
    check_fields("override %s.merge" % ov["id"], spec, {"files"})
    files = sorted(p.sources[0] for p in group)
    if sorted(spec.get("files") or []) != files:
        fail("override %s no longer applies: %s is now defined by %s" %
             (ov["id"], ov["payload"], files))
    group = sorted(group, key=lambda p: p.sources[0])
    merged = Payload(ov["payload"], " / ".join(p.title for p in group), files)
    merged.overrides.append(ov["id"])
    for os_name in PLATFORMS:
        entries = [p.platforms.get(os_name, {}) for p in group]
        merged.platforms[os_name] = merge_os(ov["id"], os_name, entries)
    for p in group:
        delta = key_delta(p.platforms, merged.platforms)
        for node in p.body.children:
            if merged.body.find(node.name) is not None:
                fail("override %s: key %r in more than one file" %
                     (ov["id"], node.name))
            node.attrs["source"] = p.sources[0]
            for os_name, attrs in delta.items():
                node.platforms[os_name] = {**attrs,
                                           **node.platforms.get(os_name, {})}
            merged.body.children.append(node)
    return merged


def apply_variant(group, ov):
    spec = ov["variant"]
    check_fields("override %s.variant" % ov["id"], spec,
                 {"base", "file", "key", "value"})
    by_file = {p.sources[0]: p for p in group}
    if sorted(by_file) != sorted([spec.get("base"), spec.get("file")]):
        fail("override %s no longer applies: %s is now defined by %s" %
             (ov["id"], ov["payload"], sorted(by_file)))
    base, var = by_file[spec["base"]], by_file[spec["file"]]
    if base.platforms != var.platforms:
        fail("override %s: payload-level supportedOS of %s and %s differ"
             % (ov["id"], spec["base"], spec["file"]))
    sel = var.body.find(spec["key"])
    if sel is None or (sel.enum is not None and spec["value"] not in sel.enum):
        fail("override %s: %s does not define %s=%r" %
             (ov["id"], spec["file"], spec["key"], spec["value"]))
    base.variants.append(Variant(spec["key"], spec["value"], spec["file"],
                                 var.body, ov["id"]))
    base.sources = [spec["base"], spec["file"]]
    return base


def combine_files(payloads_by_file, overrides):
    """Group files by payload type; a type defined by several files needs a
    merge or variant override, else we stop (a silent pick would lose keys)."""
    groups = {}
    for fname in sorted(payloads_by_file):
        p = payloads_by_file[fname]
        groups.setdefault(p.type, []).append(p)
    claims = {ov["payload"]: ov for ov in overrides
              if ov["op"] in ("merge", "variant")}
    for ptype in claims:
        if ptype not in groups:
            fail("override %s no longer applies: no payload %r"
                 % (claims[ptype]["id"], ptype))
    out = {}
    for ptype, group in sorted(groups.items()):
        ov = claims.get(ptype)
        if ov is None:
            if len(group) > 1:
                fail("payload type %s is defined by %s; add a 'merge' or "
                     "'variant' override" %
                     (ptype, ", ".join(p.sources[0] for p in group)))
            out[ptype] = group[0]
        elif ov["op"] == "merge":
            out[ptype] = apply_merge(group, ov)
        else:
            out[ptype] = apply_variant(group, ov)
    return out


def apply_overrides(payloads, overrides):
    for ov in overrides:
        if ov["op"] in ("merge", "variant", "rename-payload"):
            continue        # done while reading and combining files
        if ov["op"] == "include":
            apply_include(payloads, ov)
            continue
        if ov["payload"] not in payloads:
            fail("override %s no longer applies: no payload %r" %
                 (ov["id"], ov["payload"]))
        apply_key_override(payloads[ov["payload"]], ov)


def warn_dynamic_candidates(payloads):
    """Dictionaries whose only subkey looks like a placeholder are probably
    maps with arbitrary keys; say so, so that a person decides."""
    for ptype, p in sorted(payloads.items()):
        for path, node in walk_nodes(p):
            if (node.type == "dict" and len(node.body.children) == 1
                    and node.body.children[0].kind == "key"
                    and DYNAMIC_HINT_RE.search(node.body.children[0].name)):
                print("warning: %s %s: single subkey %r looks like a "
                      "placeholder; consider a 'dynamic' override" %
                      (ptype, path, node.body.children[0].name),
                      file=sys.stderr)


def walk_nodes(payload):
    """Yield (path, node) for every node, visiting each shared body once."""
    seen = set()

    def walk(body, path):
        if id(body) in seen:
            return
        seen.add(id(body))
        for child in body.children:
            step = {"key": child.name, "item": "[]", "any": "*"}[child.kind]
            cpath = step if not path else path + "/" + step
            yield cpath, child
            if child.body is not None:
                yield from walk(child.body, cpath)

    yield from walk(payload.body, "")
    for v in payload.variants:
        yield from walk(v.body, "")


# ---------------------------------------------------------------------------
# Shared bodies -> defines
# ---------------------------------------------------------------------------

def name_defines(payload):
    """Bodies reached more than once (YAML aliases, copied keys) become
    <define>s.  Names come from Apple's subkeytype or the first user's name,
    in document order, so they are stable between runs."""
    counts, first_user, order = {}, {}, []

    def walk(body):
        for child in body.children:
            b = child.body
            if b is None:
                continue
            counts[id(b)] = counts.get(id(b), 0) + 1
            if counts[id(b)] == 1:
                first_user[id(b)] = (child, b)
                order.append(id(b))
                walk(b)

    walk(payload.body)
    for v in payload.variants:
        walk(v.body)
    used = set()
    for bid in order:
        child, body = first_user[bid]
        body.name = None
        if counts[bid] < 2:
            continue
        base = child.subkeytype or child.name or child.placeholder
        base = re.sub(r"[^A-Za-z0-9._-]", "_", base)
        name = "%s-%s" % (base, "list" if body.kind == "array" else "keys")
        n = 2
        while name in used:
            name = "%s-%s-%d" % (base, "list" if body.kind == "array"
                                 else "keys", n)
            n += 1
        used.add(name)
        body.name = name


# ---------------------------------------------------------------------------
# XML output
# ---------------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text, attr=False):
    text = str(text)
    if _XML_BAD.search(text):
        fail("value %r cannot be written to XML 1.0" % text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attr:
        text = (text.replace('"', "&quot;").replace("\n", "&#10;")
                .replace("\r", "&#13;").replace("\t", "&#9;"))
    return text


def scalar_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class Writer:
    def __init__(self):
        self.lines = []

    def elem(self, depth, tag, attrs, children=None, text=None):
        """Write <tag a="v"...>; children is a callable writing the content."""
        a = "".join(' %s="%s"' % (k, esc(scalar_text(v), attr=True))
                    for k, v in attrs if v is not None)
        pad = "  " * depth
        if text is not None:
            self.lines.append("%s<%s%s>%s</%s>" % (pad, tag, a, esc(text), tag))
        elif children is None:
            self.lines.append("%s<%s%s/>" % (pad, tag, a))
        else:
            self.lines.append("%s<%s%s>" % (pad, tag, a))
            children(depth + 1)
            self.lines.append("%s</%s>" % (pad, tag))


PLATFORM_ATTRS = ("available", "introduced", "deprecated", "removed",
                  "multiple", "supervised", "manual-install", "requires-dep",
                  "user-approved-mdm", "device-channel", "user-channel",
                  "user-enrollment", "shared-ipad",
                  "shared-ipad-device-channel", "shared-ipad-user-channel")
NODE_ATTRS = ("presence", "default", "format", "valuetype", "combinetype",
              "min-items", "max-items", "source")


def write_platforms(w, depth, platforms, overrides):
    for os_name in PLATFORMS:
        attrs = platforms.get(os_name)
        if not attrs:
            continue
        unknown = set(attrs) - set(PLATFORM_ATTRS)
        if unknown:
            fail("internal: platform attributes %s" % sorted(unknown))
        ovs = overrides.get(os_name)
        w.elem(depth, "platform",
               [("name", os_name)] + [(a, attrs.get(a)) for a in PLATFORM_ATTRS]
               + [("override", " ".join(ovs) if ovs else None)])


def write_node(w, depth, node):
    tag = node.kind
    attrs = [("name", node.name), ("type", node.type)]
    attrs += [(a, node.attrs.get(a)) for a in NODE_ATTRS]
    attrs += [("override", " ".join(node.overrides) or None)]
    if set(node.attrs) - set(NODE_ATTRS):
        fail("internal: node attributes %s" % sorted(node.attrs))
    simple = (not node.platforms and node.enum is None and node.range is None
              and node.body is None)
    if simple:
        w.elem(depth, tag, attrs)
        return

    def content(d):
        write_platforms(w, d, node.platforms, node.platform_overrides)
        if node.enum is not None:
            w.elem(d, "enum", [], lambda d2: [
                w.elem(d2, "value", [], text=scalar_text(v))
                for v in node.enum])
        if node.range is not None:
            w.elem(d, "range", [("min", node.range[0]),
                                ("max", node.range[1])])
        if node.body is not None:
            write_body_use(w, d, node.body)

    w.elem(depth, tag, attrs, content)


def write_body_use(w, depth, body):
    if body.name:
        w.elem(depth, "ref", [("name", body.name)])
    else:
        write_children(w, depth, body)


def write_children(w, depth, body):
    for child in body.children:
        write_node(w, depth, child)


def collect_defines(payload):
    """All named bodies reachable from the payload, sorted by name."""
    found, seen = {}, set()

    def walk(body):
        if id(body) in seen:
            return
        seen.add(id(body))
        if body.name:
            found[body.name] = body
        for child in body.children:
            if child.body is not None:
                walk(child.body)

    walk(payload.body)
    for v in payload.variants:
        walk(v.body)
    return [found[n] for n in sorted(found)]


def header(sources, commit, notice):
    src = ", ".join("mdm/profiles/" + s for s in sources)
    return ("<!-- Generated by tools/gen_schema.py; do not edit (change "
            "schemas/overrides/ or the generator).\n"
            "     Source: %s\n"
            "     Apple device-management commit: %s\n"
            "     %s -->" % (esc(src), commit, notice))


def render_payload(payload, commit, notice):
    w = Writer()
    w.lines += ['<?xml version="1.0" encoding="UTF-8"?>',
                header(payload.sources, commit, notice)]
    for s in payload.sources:
        if " " in s:
            fail("file name with a space: %r" % s)

    def content(d):
        write_platforms(w, d, payload.platforms, payload.platform_overrides)
        for target, ov_id in payload.includes:
            w.elem(d, "include", [("payload", target), ("override", ov_id)])
        write_children(w, d, payload.body)
        for v in payload.variants:
            w.elem(d, "variant", [("key", v.key), ("value", v.value),
                                  ("source", v.source),
                                  ("override", v.override)],
                   lambda d2, v=v: write_children(w, d2, v.body))
        for body in collect_defines(payload):
            w.elem(d, "define", [("name", body.name)],
                   lambda d2, b=body: write_children(w, d2, b))

    w.elem(0, "payload", [("xmlns", NS), ("type", payload.type),
                          ("title", payload.title),
                          ("source", " ".join(payload.sources)),
                          ("override", " ".join(payload.overrides) or None)],
           content)
    return "\n".join(w.lines) + "\n"


def render_source(apple_dir, commit, os_versions, payloads, hashes, notice):
    w = Writer()
    w.lines += ['<?xml version="1.0" encoding="UTF-8"?>',
                "<!-- Generated by tools/gen_schema.py; do not edit.\n"
                "     Index of the payload schemas in this directory and the\n"
                "     Apple device-management files they were made from.\n"
                "     Apple device-management commit: %s\n"
                "     %s -->" % (commit, notice)]

    def content(d):
        for os_name in PLATFORMS:
            w.elem(d, "os", [("name", os_name),
                             ("version", os_versions[os_name])])
        for ptype in sorted(payloads):
            p = payloads[ptype]

            def files(d2, p=p):
                for s in p.sources:
                    w.elem(d2, "yaml", [("name", s),
                                        ("sha256", hashes[s])])
            w.elem(d, "payload", [("type", ptype),
                                  ("file", ptype + ".xml")], files)

    w.elem(0, "source", [("xmlns", NS),
                         ("repository", "apple/device-management"),
                         ("commit", commit), ("license", "MIT"),
                         ("license-file", "LICENSE.apple.txt")], content)
    return "\n".join(w.lines) + "\n"


# ---------------------------------------------------------------------------
# Source facts: commit, OS release, licence
# ---------------------------------------------------------------------------

def read_commit(apple_dir, given):
    if given:
        commit = given
    else:
        commit = None
        prov = os.path.join(apple_dir, "PROVENANCE.md")
        if os.path.exists(prov):
            with open(prov, encoding="utf-8") as f:
                m = re.search(r"Commit:\s*`?([0-9a-fA-F]{40})`?", f.read())
            commit = m.group(1) if m else None
        if commit is None:
            try:
                commit = subprocess.run(
                    ["git", "-C", apple_dir, "rev-parse", "HEAD"],
                    check=True, capture_output=True, text=True).stdout.strip()
            except (OSError, subprocess.CalledProcessError) as e:
                fail("cannot determine the Apple commit (no --commit, no "
                     "'Commit:' line in PROVENANCE.md, git failed: %s)" % e)
    if not re.fullmatch(r"[0-9a-fA-F]{40}", commit):
        fail("bad commit id %r" % commit)
    return commit.lower()


def read_os_versions(apple_dir):
    """README.md's table '| iOS | 27.0 |' gives the release."""
    path = os.path.join(apple_dir, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = {}
    for os_name in PLATFORMS:
        m = re.search(r"^\|\s*%s\s*\|\s*([0-9][0-9.]*)\s*\|" % os_name,
                      text, re.M)
        if not m:
            fail("%s: no OS version row for %s" % (path, os_name))
        out[os_name] = norm_version(path, m.group(1))
    return out


def read_license(apple_dir):
    path = os.path.join(apple_dir, "LICENSE.txt")
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    m = re.search(r"Copyright (?:\(c\)|\u00a9) ([0-9][0-9-]*) Apple Inc\.", text)
    if not m or "Permission is hereby granted, free of charge" not in text:
        fail("%s: not the expected MIT licence with an Apple copyright" % path)
    notice = ("Copyright (c) %s Apple Inc. MIT License, see "
              "LICENSE.apple.txt" % m.group(1))
    return data, notice


# ---------------------------------------------------------------------------
# Output directory
# ---------------------------------------------------------------------------

def write_outputs(out_dir, files):
    """Write files (name -> bytes) and delete stale ones.  The directory is
    owned by the generator; to avoid wiping an unrelated directory, stale
    files are only removed where a previous SOURCE.xml marks it as ours."""
    os.makedirs(out_dir, exist_ok=True)
    existing = set(os.listdir(out_dir))
    stale = existing - set(files)
    if stale and "SOURCE.xml" not in existing:
        fail("%s is not empty and has no SOURCE.xml; refusing to clean it"
             % out_dir)
    for name in sorted(stale):
        path = os.path.join(out_dir, name)
        if os.path.isdir(path):
            fail("unexpected directory %s" % path)
        os.remove(path)
        print("removed stale %s" % path, file=sys.stderr)
    for name, data in sorted(files.items()):
        path = os.path.join(out_dir, name)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def generate(apple_dir, out_dir, overrides_path, commit_arg):
    commit = read_commit(apple_dir, commit_arg)
    os_versions = read_os_versions(apple_dir)
    license_data, notice = read_license(apple_dir)
    prof_dir = os.path.join(apple_dir, "mdm", "profiles")
    names = sorted(n for n in os.listdir(prof_dir) if n.endswith(".yaml"))
    if not names:
        fail("%s: no YAML files" % prof_dir)
    by_file, hashes = {}, {}
    for name in names:
        doc, raw = load_yaml(os.path.join(prof_dir, name))
        hashes[name] = hashlib.sha256(raw).hexdigest()
        by_file[name] = normalise_file(name, doc)
    overrides = load_overrides(overrides_path) if overrides_path else []
    rename_payloads(by_file, overrides)
    payloads = combine_files(by_file, overrides)
    apply_overrides(payloads, overrides)
    warn_dynamic_candidates(payloads)
    files = {"LICENSE.apple.txt": license_data}
    for ptype, p in payloads.items():
        if "/" in ptype or ptype in (".", ".."):
            fail("payload type %r cannot be a file name" % ptype)
        name_defines(p)
        files[ptype + ".xml"] = render_payload(p, commit, notice).encode()
    files["SOURCE.xml"] = render_source(apple_dir, commit, os_versions,
                                        payloads, hashes, notice).encode()
    write_outputs(out_dir, files)
    return len(payloads)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--apple", required=True,
                    help="checkout of Apple's device-management repository")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--overrides", help="overrides YAML file")
    ap.add_argument("--commit", help="Apple commit id (default: PROVENANCE.md "
                    "'Commit:' line, else git rev-parse HEAD)")
    args = ap.parse_args(argv)
    try:
        n = generate(args.apple, args.out, args.overrides, args.commit)
    except (SchemaError, OSError, UnicodeDecodeError) as e:
        print("gen_schema.py: error: %s" % e, file=sys.stderr)
        return 1
    print("gen_schema.py: wrote %d payload schemas to %s" % (n, args.out),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
