"""check_github.py GITHUB_OUTPUT JSON_OUTPUT: the workflow commands must be
well formed and, unescaped as the Actions runner unescapes them, say
exactly what the json format says (file, position, rule, message, hint)."""
import json
import re
import sys

LINE = re.compile(r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$")
LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def unescape(s, prop):
    s = s.replace("%0D", "\r").replace("%0A", "\n")
    if prop:
        s = s.replace("%3A", ":").replace("%2C", ",")
    return s.replace("%25", "%")


def runner_text(s):
    """What the format can carry: other control characters become U+FFFD."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\r\n") or 0x7F <= ord(c) <= 0x9F
                   else c for c in s)


def expected(json_file):
    doc = json.load(open(json_file, encoding="utf-8"))
    for f in doc["files"]:
        for d in f["diagnostics"]:
            path = d["file"]
            while path.startswith("./"):
                path = path[2:].lstrip("/")
            props = {"file": path, "title": "%s (%s)" % (d["rule"], d["code"])}
            if d["line"] is not None:
                props["line"], props["col"] = str(d["line"]), str(d["column"])
            if d["endLine"] is not None:
                props["endLine"], props["endColumn"] = str(d["endLine"]), str(d["endColumn"])
            message = d["message"]
            if d["line"] is None and d["keyPath"]:
                message = d["keyPath"] + ": " + message
            if d["hint"] is not None:
                message += "\nhint: " + d["hint"]
            props = {k: runner_text(v) for k, v in props.items()}
            yield LEVEL[d["severity"]], props, runner_text(message)


def main(gh_file, json_file):
    raw = open(gh_file, "rb").read()
    problems = []
    if b"\r" in raw:
        problems.append("a raw carriage return")
    lines = raw.decode("utf-8").split("\n")
    if lines[-1] != "":
        problems.append("no newline at the end")
    lines = lines[:-1]
    want = list(expected(json_file))
    if len(lines) != len(want):
        problems.append("%d commands for %d findings" % (len(lines), len(want)))
    for line, (level, props, message) in zip(lines, want):
        m = LINE.match(line)
        if not m:
            problems.append("malformed: " + line)
            continue
        got_props = dict(p.split("=", 1) for p in m.group(2).split(","))
        got_props = {k: unescape(v, True) for k, v in got_props.items()}
        if m.group(1) != level or got_props != props or unescape(m.group(3), False) != message:
            problems.append("differs from json:\n  %s\n  want %s %s %r" % (line, level, props, message))
    for p in problems:
        print("%s: %s" % (gh_file, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
