#!/usr/bin/env python3
"""The catalog is tested: each rule's bad example must give that rule, and
its good example must not.

    examples.py MCLINT [--fixtures DIR] [--verbose]

The examples come from the catalog itself (mclint --rules-markdown, the
text of docs/rules.md). An example is a fragment, placed as a reader would
find it:
  - a whole document (it starts with <?xml, <!DOCTYPE or <plist) as is;
  - a <dict> as the property list's root;
  - anything else as the content of one payload, with the common keys the
    fragment does not set itself.
A leading comment "<!-- mclint OPTIONS -->" (or "<!-- mclint OPTIONS: why -->")
gives the options the example needs (--platform, --min-os, ...).
A comment "<!-- .mclint.toml: LINE -->" (one per line of the file) writes a
configuration file next to the example, which the run then reads (policy
settings). Lines "<!-- file NAME -->" split an example into several files,
each placed as above and linted in one run (the rules across files); the
rule is expected in any of them.
A comment "<!-- runs FILE -->" says which file the example stands for when
it cannot be written as text (a signed, binary, UTF-16 or huge file): the
test lints FILE instead. FILE is relative to the repository, or, starting
with signed-fixtures/, to the folder tests/signed/make_fixtures.sh makes
(--fixtures DIR); an option may name a file there too.

Rules whose examples cannot run (they describe a file that cannot be
written here, or need more than one file) are listed in PENDING with the
reason; the list may only shrink: a pending rule whose examples pass fails
the test, so that it is taken off.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

# rule -> why its examples do not run as written yet (examples were written
# for people before they were run; rewrite them as runnable fragments)
PENDING = {}

BLOCK = re.compile(r"^(Bad|Good):\n\n```xml\n(.*?)\n```", re.M | re.S)
RULE = re.compile(r"^## ([a-z0-9-]+)\n", re.M)
OPTS = re.compile(r"^\s*<!--\s*mclint\s+([^:]*?)\s*(?::[^>]*)?-->\s*", re.S)

COMMON = {
    "PayloadIdentifier": "<string>com.example.payload</string>",
    "PayloadUUID": "<string>2B4C6D8E-1A3B-4C5D-8E9F-0A1B2C3D4E5F</string>",
    "PayloadVersion": "<integer>1</integer>",
    "PayloadType": "<string>com.apple.dock</string>",
}
TOP = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
<key>PayloadDisplayName</key><string>Example</string>
<key>PayloadIdentifier</key><string>com.example.profile</string>
<key>PayloadType</key><string>Configuration</string>
<key>PayloadUUID</key><string>9F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0</string>
<key>PayloadVersion</key><integer>1</integer>
<key>PayloadContent</key>
<array>
<dict>
%s
</dict>
</array>
</dict>
</plist>
"""


def place(fragment):
    """The options and the document an example stands for."""
    args = []
    m = OPTS.match(fragment)
    if m:
        args = shlex.split(m.group(1))
        fragment = fragment[m.end():]
    head = fragment.lstrip()
    if head.startswith(("<?xml", "<!DOCTYPE", "<plist")):
        return args, fragment
    if head.startswith("<dict>"):
        return args, ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n'
                      + fragment + "\n</plist>\n")
    common = "".join(f"<key>{k}</key>{v}\n" for k, v in COMMON.items()
                     if f"<key>{k}</key>" not in fragment)
    return args, TOP % (common + fragment)


CONFIG = re.compile(r"^\s*<!--\s*\.mclint\.toml:\s*(.*?)\s*-->\s*$", re.M)
FILE = re.compile(r"^\s*<!--\s*file\s+(\S+)\s*-->\s*$", re.M)


def split_files(example):
    """(configuration lines, [(name, fragment)]) of an example."""
    config = CONFIG.findall(example)
    example = CONFIG.sub("", example)
    marks = list(FILE.finditer(example))
    if not marks:
        return config, [("example.mobileconfig", example)]
    files = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(example)
        files.append((m.group(1), example[m.end():end].strip("\n")))
    return config, files


RUNS = re.compile(r"^\s*<!--\s*runs\s+(\S+)\s*-->\s*$", re.M)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = {"dir": None}


def resolve(path):
    """A file an example names: in signed-fixtures/ or the repository."""
    if path.startswith("signed-fixtures/"):
        if not FIXTURES["dir"]:
            raise ValueError(f"{path}: run with --fixtures DIR (tests/signed/make_fixtures.sh)")
        return os.path.join(FIXTURES["dir"], path[len("signed-fixtures/"):])
    return os.path.join(ROOT, path)


def rules_found(mclint, example):
    """The rules mclint reports on the example's files, or (None, why)."""
    config, files = split_files(example)
    try:
        return run_files(mclint, config, files)
    except ValueError as e:
        return None, str(e)


def run_files(mclint, config, files):
    with tempfile.TemporaryDirectory() as tmp:
        args, paths = [], []
        for name, fragment in files:
            a, text = place(fragment)
            args += [x for x in a if x not in args]
            runs = RUNS.search(fragment)
            path = resolve(runs.group(1)) if runs else os.path.join(tmp, name)
            if runs and not os.path.isfile(path):
                return None, f"{runs.group(1)}: no such file"
            if not runs:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            paths.append(path)
        args = [resolve(x) if x.startswith("signed-fixtures/") else x for x in args]
        if config:
            with open(os.path.join(tmp, ".mclint.toml"), "w", encoding="utf-8") as f:
                f.write("\n".join(config) + "\n")
        out = subprocess.run([mclint, "--format", "json",
                              *(["--config", os.path.join(tmp, ".mclint.toml")] if config
                                else ["--no-config"]), *args, *paths],
                             capture_output=True, text=True)
    try:
        doc = json.loads(out.stdout)
    except ValueError:
        return None, out.stderr.strip() or out.stdout.strip()
    found = set()
    for file in doc.get("files", []):
        for d in file.get("diagnostics", []):
            found.add(d.get("rule"))
    return found, None


def main():
    mclint = sys.argv[1]
    verbose = "--verbose" in sys.argv
    if "--fixtures" in sys.argv:
        FIXTURES["dir"] = sys.argv[sys.argv.index("--fixtures") + 1]
    md = subprocess.run([mclint, "--rules-markdown"], capture_output=True, text=True,
                        check=True).stdout
    heads = list(RULE.finditer(md))
    failures, checked = [], 0
    for i, h in enumerate(heads):
        name = h.group(1)
        body = md[h.end():heads[i + 1].start() if i + 1 < len(heads) else len(md)]
        examples = {kind.lower(): text for kind, text in BLOCK.findall(body)}
        if not examples:
            continue  # exempt in the catalog unit test: nothing to show
        problems = []
        for kind in ("bad", "good"):
            if kind not in examples:
                problems.append(f"no {kind} example")
                continue
            found, err = rules_found(mclint, examples[kind])
            args = split_files(examples[kind])[1] and place(split_files(examples[kind])[1][0][1])[0]
            if found is None:
                problems.append(f"{kind} example: mclint failed: {err}")
            elif kind == "bad" and name not in found:
                problems.append(f"bad example does not give {name} (gives: "
                                f"{', '.join(sorted(found)) or 'nothing'})")
            elif kind == "good" and name in found:
                problems.append(f"good example gives {name}")
            if verbose and found is not None:
                print(f"{name} {kind} {' '.join(args)}: {', '.join(sorted(found))}")
        checked += 1
        if name in PENDING:
            if not problems:
                failures.append(f"{name}: its examples pass now: take it off PENDING")
        else:
            failures.extend(f"{name}: {p}" for p in problems)
    for f in failures:
        print("FAIL", f)
    print(f"{checked} rules' examples checked, {len(PENDING)} pending, {len(failures)} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
