#!/usr/bin/env python3
"""The layers of src/, bottom to top; a file may include only its own layer
and the layers below it. Fails listing every #include that points upward.

known-upward.txt beside this script lists the upward includes not yet
removed, one "file: target" a line; it may only shrink: an entry that no
longer occurs fails too, so that the list stays true.

    check.py [SRC_DIR]
"""
import pathlib
import re
import sys

LAYERS = ["base", "plist", "schema", "rules", "lint", "report", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path):
    parts = path.parts
    return parts[0] if parts and parts[0] in LAYERS else None


def main():
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                       pathlib.Path(__file__).resolve().parents[2] / "src")
    upward, unknown, files = [], [], 0
    for f in sorted(src.rglob("*")):
        if f.suffix not in (".c", ".h", ".def"):
            continue
        rel = f.relative_to(src)
        mine = layer_of(rel)
        if mine is None:
            unknown.append(f"{rel}: not in a layer ({', '.join(LAYERS)})")
            continue
        files += 1
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m or "/" not in m.group(1):
                continue  # "mclint.h" (the public header) or a file beside it
            target = m.group(1).split("/")[0]
            if target not in LAYERS:
                unknown.append(f"{rel}:{n}: includes {m.group(1)}, outside every layer")
            elif LAYERS.index(target) > LAYERS.index(mine):
                upward.append((f"{rel}: {m.group(1)}",
                               f"{rel}:{n}: {mine} includes {m.group(1)} ({target} is above {mine})"))
    known_file = pathlib.Path(__file__).with_name("known-upward.txt")
    known = set()
    if known_file.exists():
        known = {line.strip() for line in known_file.read_text().splitlines()
                 if line.strip() and not line.startswith("#")}
    new = [u for u in upward if u[0] not in known]
    stale = sorted(known - {u[0] for u in upward})
    for msg in unknown:
        print(msg)
    for key, msg in upward:
        print(("known: " if key in known else "") + msg)
    for key in stale:
        print(f"{key}: listed in known-upward.txt but no longer included: remove the line")
    print(f"{files} files in {len(LAYERS)} layers: {len(upward)} upward includes "
          f"({len(upward) - len(new)} known), {len(unknown)} outside the layers")
    return 1 if new or stale or unknown or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
