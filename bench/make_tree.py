#!/usr/bin/env python3
"""Fill a directory with COUNT profiles taken round-robin from SOURCE.

    make_tree.py SOURCE DEST COUNT

Every *.mobileconfig and *.plist under SOURCE is used in turn; files are
hard-linked when possible (fast, no disk space) and copied otherwise, 500
to a subdirectory so no directory gets huge.
"""
import os
import shutil
import sys


def main() -> int:
    source, dest, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    profiles = sorted(
        os.path.join(d, f)
        for d, _, files in os.walk(source)
        for f in files
        if f.endswith((".mobileconfig", ".plist"))
    )
    if not profiles:
        print(f"no profiles under {source}", file=sys.stderr)
        return 1
    for i in range(count):
        src = profiles[i % len(profiles)]
        sub = os.path.join(dest, f"d{i // 500:04d}")
        os.makedirs(sub, exist_ok=True)
        ext = ".plist" if src.endswith(".plist") else ".mobileconfig"
        target = os.path.join(sub, f"p{i:06d}{ext}")
        try:
            os.link(src, target)
        except OSError:
            shutil.copyfile(src, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
