#!/usr/bin/env python3
"""Independent recomputation of `mlops fairness` with pandas groupby (Fairlearn's definitions, written out).

usage: fairness_reference.py <predictions.csv> <label> <prediction> <positive> <sensitive,...> [privileged col=value,...] [min group size]
-> JSON {feature: {metric: value, groups: {group: {count, selectionRate, truePositiveRate, falsePositiveRate, accuracy}}}}

Between groups: difference = max - min, ratio = min / max (MetricFrame.difference/ratio, method 'between_groups').
demographic parity uses selection rates; equalized odds takes max of the TPR and FPR differences and min of their
ratios; equal opportunity is the TPR difference; disparate impact = min over unprivileged groups of
selection rate / privileged selection rate (privileged default: highest selection rate). Intersections join the
columns' values with '&'. Groups with no actual positives (negatives) are left out of the TPR (FPR) comparisons.
An intersection's groups with fewer rows than the minimum group size are listed but left out of its between-group
metrics (and of the choice of the privileged group).
"""
import itertools
import json
import sys

import pandas as pd


def between(values):
    values = [v for v in values if v == v]
    if not values:
        return None, None
    lo, hi = min(values), max(values)
    return hi - lo, (lo / hi if hi > 0 else None)


def main():
    path, label, prediction, positive, sensitive = sys.argv[1:6]
    sensitive = sensitive.split(",")
    privileged = dict(p.split("=", 1) for p in sys.argv[6].split(",")) if len(sys.argv) > 6 and sys.argv[6] else {}
    min_size = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    df = pd.read_csv(path, dtype=str, keep_default_na=False)

    def is_pos(s):
        num = pd.to_numeric(s, errors="coerce")
        try:
            p = float(positive)
            return (s == positive) | (num == p)
        except ValueError:
            return s == positive

    y = is_pos(df[label])
    yhat = is_pos(df[prediction])
    frame = pd.DataFrame({"tp": y & yhat, "fp": ~y & yhat, "fn": y & ~yhat, "tn": ~y & ~yhat})
    out = {}
    sets = [[c] for c in sensitive]
    for k in range(2, len(sensitive) + 1):
        sets += [list(c) for c in itertools.combinations(sensitive, k)]
    for cols in sets:
        key = "&".join(cols)
        group = df[cols].agg("&".join, axis=1)
        sums = frame.groupby(group).sum()
        n = sums.sum(axis=1)
        sel = (sums.tp + sums.fp) / n
        tpr = sums.tp / (sums.tp + sums.fn)
        fpr = sums.fp / (sums.fp + sums.tn)
        acc = (sums.tp + sums.tn) / n
        counted = n >= (min_size if len(cols) > 1 else 0)
        dp_d, dp_r = between(list(sel[counted]))
        tpr_d, tpr_r = between(list(tpr[counted]))
        fpr_d, fpr_r = between(list(fpr[counted]))
        priv = "&".join(privileged[c] for c in cols) if all(c in privileged for c in cols) else sel[counted].idxmax()
        dir_ = min((sel[g] / sel[priv] for g in sel[counted].index if g != priv), default=None) \
            if counted[priv] and sel[priv] > 0 else None
        out[key] = {
            "demographicParityDifference": dp_d,
            "demographicParityRatio": dp_r,
            "equalizedOddsDifference": None if tpr_d is None or fpr_d is None else max(tpr_d, fpr_d),
            "equalizedOddsRatio": None if tpr_r is None or fpr_r is None else min(tpr_r, fpr_r),
            "equalOpportunityDifference": tpr_d,
            "disparateImpactRatio": dir_,
            "privilegedGroup": priv,
            "groups": {
                g: {
                    "count": int(n[g]),
                    "selectionRate": float(sel[g]),
                    "truePositiveRate": None if tpr[g] != tpr[g] else float(tpr[g]),
                    "falsePositiveRate": None if fpr[g] != fpr[g] else float(fpr[g]),
                    "accuracy": float(acc[g]),
                }
                for g in sums.index
            },
        }
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
