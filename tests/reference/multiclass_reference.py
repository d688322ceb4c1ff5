#!/usr/bin/env python3
"""Independent recomputation of `mlops evaluate --task multiclass` with scikit-learn.

usage: multiclass_reference.py <data.csv> <label> <scores.csv> <probability-prefix> <classes as a JSON array>
The prediction is the argmax of the probability columns <prefix>[<j>] (j = 0..k-1, in the order of the classes);
classification_report over every class (zero_division=0), log_loss with eps = float64 machine epsilon (as the binary
log loss), confusion_matrix with the classes as labels.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score, log_loss

data_path, label, scores_path, prefix, classes = sys.argv[1:6]
classes = json.loads(classes)
y = pd.read_csv(data_path, dtype={label: str}, keep_default_na=False)[label].to_numpy()
scores = pd.read_csv(scores_path)
p = scores[[f"{prefix}[{j}]" for j in range(len(classes))]].astype(float).to_numpy()
pred = np.array(classes, dtype=object)[np.argmax(p, axis=1)]
report = classification_report(y, pred, labels=classes, output_dict=True, zero_division=0)
out = {
    "accuracy": accuracy_score(y, pred),
    "macroPrecision": report["macro avg"]["precision"],
    "macroRecall": report["macro avg"]["recall"],
    "macroF1": report["macro avg"]["f1-score"],
    "microF1": f1_score(y, pred, labels=classes, average="micro", zero_division=0),
    "weightedF1": report["weighted avg"]["f1-score"],
    # log_loss takes the probability columns in sorted label order.
    "logLoss": log_loss(y, p[:, np.argsort(np.array(classes))], labels=classes, eps=np.finfo(np.float64).eps),
    "perClass": {c: {"precision": report[c]["precision"], "recall": report[c]["recall"], "f1": report[c]["f1-score"],
                     "support": int(report[c]["support"])} for c in classes},
    "confusion": confusion_matrix(y, pred, labels=classes).tolist(),
}
json.dump(out, sys.stdout)
