#!/usr/bin/env bash
# Findings per rule and severity in the corpus snapshots (tests/corpus/*.txt),
# as the Markdown table rows of docs/precision.md:
#   tests/corpus/counts.sh
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
awk '
  FNR == 1 { t = FILENAME; sub(/.*\//, "", t); sub(/\.txt$/, "", t) }
  match($0, /: (error|warning|info): .*\[[a-z0-9-]+\]$/) {
    rule = $0; sub(/.*\[/, "", rule); sub(/\]$/, "", rule)
    split(substr($0, RSTART + 2), w, ":"); sev = w[1]
    key = rule " | " sev; n[key, t]++; keys[key] = 1
  }
  END {
    print "| rule | severity | default | ios17-unsupervised | macos14 |"
    print "| --- | --- | ---: | ---: | ---: |"
    for (k in keys)
      printf "| %s | %d | %d | %d |\n", k, n[k, "default"], n[k, "ios17-unsupervised"], n[k, "macos14"] | "sort"
  }' "$dir"/default.txt "$dir"/ios17-unsupervised.txt "$dir"/macos14.txt
