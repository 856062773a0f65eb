#!/usr/bin/env python3
"""The layers of src/, bottom to top; a file may include only its own layer
and the layers below it. Fails listing every #include that points upward
(there is no list of exceptions), and every file outside the layers.

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
                upward.append(f"{rel}:{n}: {mine} includes {m.group(1)} "
                              f"({target} is above {mine})")
    for msg in unknown + upward:
        print(msg)
    print(f"{files} files in {len(LAYERS)} layers: {len(upward)} upward includes, "
          f"{len(unknown)} outside the layers")
    return 1 if upward or unknown or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
