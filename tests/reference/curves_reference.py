#!/usr/bin/env python3
"""scikit-learn's curves for `mlops evaluate`'s curves member.

usage: curves_reference.py <csv> <label> <score> <positive>
-> JSON {roc: {thresholds, fpr, tpr}, pr: {thresholds, precision, recall}, calibration: {prob_true, prob_pred}}
roc_curve with drop_intermediate=False (one point per distinct score; the first, extra threshold is dropped),
precision_recall_curve (the final (recall 0, precision 1) point, which has no threshold, is dropped),
calibration_curve with 10 uniform bins (non-empty bins only).
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_recall_curve, roc_curve

path, label, score, positive = sys.argv[1:5]
df = pd.read_csv(path, dtype={label: str}, keep_default_na=False)
y = (df[label] == positive).to_numpy().astype(int)
p = df[score].astype(float).to_numpy()
fpr, tpr, roc_t = roc_curve(y, p, drop_intermediate=False)
precision, recall, pr_t = precision_recall_curve(y, p)
prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
json.dump({
    "roc": {"thresholds": roc_t[1:].tolist(), "fpr": fpr[1:].tolist(), "tpr": tpr[1:].tolist()},
    "pr": {"thresholds": pr_t.tolist(), "precision": precision[:-1].tolist(), "recall": recall[:-1].tolist()},
    "calibration": {"prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist()},
}, sys.stdout)
