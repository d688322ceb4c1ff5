#!/usr/bin/env python3
"""The pandas side of the fairness benchmark: per-group confusion counts with groupby for each sensitive column
and their intersections, then the rates and between-group metrics, as `mlops fairness --bootstrap 0` computes.

usage: evidence-fairness-pandas.py <predictions.csv>
"""
import itertools
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1])
y = df["y_true"] == 1
p = df["y_pred"] == 1
frame = pd.DataFrame({"tp": y & p, "fp": ~y & p, "fn": y & ~p, "tn": ~y & ~p})
sensitive = ["sex", "race", "age_group"]
sets = [[c] for c in sensitive] + [list(c) for k in (2, 3) for c in itertools.combinations(sensitive, k)]
result = {}
for cols in sets:
    s = frame.groupby([df[c] for c in cols]).sum()
    n = s.sum(axis=1)
    sel = (s.tp + s.fp) / n
    tpr = s.tp / (s.tp + s.fn)
    fpr = s.fp / (s.fp + s.tn)
    result["&".join(cols)] = {
        "dpd": sel.max() - sel.min(), "dpr": sel.min() / sel.max(),
        "eod": max(tpr.max() - tpr.min(), fpr.max() - fpr.min()),
        "eor": min(tpr.min() / tpr.max(), fpr.min() / fpr.max()),
        "acc": ((s.tp + s.tn) / n).to_dict(),
    }
print(len(result))
