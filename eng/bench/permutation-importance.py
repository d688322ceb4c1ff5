#!/usr/bin/env python3
"""Benchmark data and the scikit-learn side of eng/bench/permutation-importance.sh.

usage: permutation-importance.py <workdir>
Makes 100,000 x 14 data (seeded), trains a 100-tree RandomForestClassifier (max_depth=10) on a separate 100,000 rows,
writes it as <workdir>/forest.onnx (tests/reference/sklearn_forest_to_onnx.py: the same trees for both sides) and the
evaluation rows as <workdir>/eval.csv, then times sklearn.inspection.permutation_importance(n_jobs=1, n_repeats=5,
scoring='roc_auc') on them and prints the seconds.
"""
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference"))
import sklearn_forest_to_onnx  # noqa: E402

workdir = sys.argv[1]
rng = np.random.default_rng(12)
features = [f"x{i}" for i in range(14)]


def make(n):
    X = rng.normal(size=(n, 14)).astype(np.float32)
    margin = X[:, 0] + 0.8 * X[:, 1] - 0.6 * X[:, 2] * X[:, 3] + 0.4 * np.sin(X[:, 4]) + 0.3 * X[:, 5]
    y = (margin + rng.normal(size=n) > 0).astype(int)
    return X, y


X, y = make(100_000)
model = RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0, n_jobs=-1).fit(X, y)
model.n_jobs = 1  # scoring on one thread, as permutation_importance(n_jobs=1) is asked to run
sklearn_forest_to_onnx.save(model, features, os.path.join(workdir, "forest.onnx"))
Xe, ye = make(100_000)
df = pd.DataFrame(Xe, columns=features)
df["y"] = ye
df.to_csv(os.path.join(workdir, "eval.csv"), index=False, float_format="%.9g")
start = time.perf_counter()
permutation_importance(model, Xe, ye, scoring="roc_auc", n_repeats=5, random_state=0, n_jobs=1)
print(f"{time.perf_counter() - start:.2f}")
