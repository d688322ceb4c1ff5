#!/usr/bin/env python3
"""scikit-learn's permutation_importance on a model our evaluator scores as ONNX (the same trees).

usage: permutation_importance_reference.py <csv> <label> <classification|regression> <repeats> <workdir>
Trains on the first 60% of the rows (numeric columns; the rest are features), writes the model as
<workdir>/model.onnx (tests/reference/sklearn_forest_to_onnx.py) and the other 40% as <workdir>/eval.csv, then prints
{"baseline": ..., "importance": {feature: {"mean", "std"}}} from sklearn.inspection.permutation_importance on eval.csv:
classification: RandomForestClassifier, scoring='roc_auc'; regression: GradientBoostingRegressor,
scoring='neg_root_mean_squared_error' (so a positive importance means the feature helps, as ours).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.inspection import permutation_importance
from sklearn.metrics import get_scorer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sklearn_forest_to_onnx  # noqa: E402

path, label, task, repeats, workdir = sys.argv[1:6]
df = pd.read_csv(path)
features = [c for c in df.columns if c != label]
split = int(len(df) * 0.6)
train, test = df.iloc[:split], df.iloc[split:]
X, y = train[features].to_numpy(np.float32), train[label].to_numpy()
if task == "classification":
    model = RandomForestClassifier(n_estimators=30, max_depth=8, random_state=0).fit(X, y)
    scoring = "roc_auc"
else:
    model = GradientBoostingRegressor(n_estimators=50, max_depth=3, random_state=0).fit(X, y)
    scoring = "neg_root_mean_squared_error"
sklearn_forest_to_onnx.save(model, features, os.path.join(workdir, "model.onnx"))
test.to_csv(os.path.join(workdir, "eval.csv"), index=False)
Xt, yt = test[features].to_numpy(np.float32), test[label].to_numpy()
result = permutation_importance(model, Xt, yt, scoring=scoring, n_repeats=int(repeats), random_state=0, n_jobs=1)
baseline = get_scorer(scoring)(model, Xt, yt)
json.dump({
    "baseline": float(abs(baseline)),
    "importance": {f: {"mean": float(m), "std": float(s)} for f, m, s in zip(features, result.importances_mean, result.importances_std)},
}, sys.stdout)
