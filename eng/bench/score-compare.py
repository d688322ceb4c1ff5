"""Largest absolute difference between two CSV files of numbers with the same header (labels compared exactly).
Usage: python3 eng/bench/score-compare.py <a.csv> <b.csv>   (exit 0 when within 1e-5 and every label agrees)"""
import sys

a, b = (open(p, encoding="utf-8").read().strip().split("\n") for p in sys.argv[1:3])
if a[0] != b[0]:
    print(f"headers differ: {a[0]} | {b[0]}")
    sys.exit(1)
if len(a) != len(b):
    print(f"row counts differ: {len(a) - 1} vs {len(b) - 1}")
    sys.exit(1)
largest, labels = 0.0, 0
for x_line, y_line in zip(a[1:], b[1:]):
    for x, y in zip(x_line.split(","), y_line.split(",")):
        if "." not in x and "." not in y and x.lstrip("-").isdigit() and y.lstrip("-").isdigit():
            labels += x != y
            continue
        largest = max(largest, abs(float(x) - float(y)))
print(f"rows {len(a) - 1}, max |diff| {largest:.2e}, label mismatches {labels}")
sys.exit(0 if largest <= 1e-5 and labels == 0 else 1)
