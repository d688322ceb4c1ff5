#!/usr/bin/env python3
"""Independent recomputation of `mlops evaluate` (classification) with numpy/scipy, scikit-learn's definitions.

usage: evaluation_reference.py <csv> <label> <score> <positive> [threshold]
ROC AUC by the Mann-Whitney U statistic with average ranks for ties (equal to sklearn's roc_auc_score);
log loss with probabilities clipped to [eps, 1 - eps], eps = float64 machine epsilon (sklearn >= 1.5);
precision/recall/F1 with zero_division = 0.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats

path, label, score, positive = sys.argv[1:5]
threshold = float(sys.argv[5]) if len(sys.argv) > 5 else 0.5
df = pd.read_csv(path, dtype={label: str}, keep_default_na=False)
y = (df[label] == positive).to_numpy()
try:
    y |= pd.to_numeric(df[label], errors="coerce").to_numpy() == float(positive)
except ValueError:
    pass
p = df[score].astype(float).to_numpy()
pred = p >= threshold
tp = int(np.sum(y & pred)); fp = int(np.sum(~y & pred)); fn = int(np.sum(y & ~pred)); tn = int(np.sum(~y & ~pred))
ranks = stats.rankdata(p)
n_pos, n_neg = int(y.sum()), int((~y).sum())
auc = (ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
eps = np.finfo(np.float64).eps
pc = np.clip(p, eps, 1 - eps)
logloss = float(-np.mean(np.where(y, np.log(pc), np.log(1 - pc))))
div = lambda a, b: a / b if b else 0.0
json.dump({
    "accuracy": (tp + tn) / len(y),
    "precision": div(tp, tp + fp),
    "recall": div(tp, tp + fn),
    "f1": div(2 * tp, 2 * tp + fp + fn),
    "rocAuc": float(auc),
    "logLoss": logloss,
    "brier": float(np.mean((p - y) ** 2)),
    "confusion": [tp, fp, fn, tn],
}, sys.stdout)
