#!/usr/bin/env python3
"""Lines of each compiled-tier source file the fuzzer's mixes ran, from coverlet's cobertura report.

usage: coverage-summary.py REPORT.xml [FILE.cs ...]   (the named files' lines never run are listed)
"""
import collections
import os
import sys
import xml.etree.ElementTree as ET

report = ET.parse(sys.argv[1]).getroot()
source_root = report.findtext("sources/source") or ""
hits = collections.defaultdict(dict)
for cls in report.iter("class"):
    name = cls.get("filename")
    for line in cls.iter("line"):
        number = int(line.get("number"))
        hits[name][number] = max(hits[name].get(number, 0), int(line.get("hits")))

total = covered = 0
for name in sorted(hits):
    lines = hits[name]
    run = sum(1 for h in lines.values() if h > 0)
    total += len(lines)
    covered += run
    print(f"{os.path.basename(name):45s} {run:5d} / {len(lines):5d}  {100 * run / max(len(lines), 1):5.1f}%")
print(f"{'all':45s} {covered:5d} / {total:5d}  {100 * covered / max(total, 1):5.1f}%")

for wanted in sys.argv[2:]:
    for name in sorted(hits):
        if os.path.basename(name) != wanted:
            continue
        with open(os.path.join(source_root, name), encoding="utf-8") as f:
            text = f.read().split("\n")
        print(f"\n{name}: lines never run")
        for number in sorted(n for n, h in hits[name].items() if h == 0):
            print(f"{number:5d}: {text[number - 1]}")
