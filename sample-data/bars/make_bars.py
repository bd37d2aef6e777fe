#!/usr/bin/env python3
"""Writes bars-and-stripes-4x4.txt: every 4x4 binary image whose rows are all equal (horizontal stripes)
or whose columns are all equal (vertical bars). 16 + 16 images, of which all-off and all-on are counted
once each: 30 distinct patterns, each equally likely, so the best possible mean log-likelihood is -ln 30."""
import itertools
import pathlib

patterns = []
for bits in itertools.product("#.", repeat=4):
    rows = ["".join(bits[r] * 4) for r in range(4)]          # row r all on or all off
    cols = ["".join(bits) for _ in range(4)]                 # every row equal to the bit vector
    for p in ("".join(rows), "".join(cols)):
        if p not in patterns:
            patterns.append(p)
assert len(patterns) == 30
out = pathlib.Path(__file__).with_name("bars-and-stripes-4x4.txt")
out.write_text("".join(p + "\n" for p in patterns))
print(f"wrote {len(patterns)} patterns to {out}")
