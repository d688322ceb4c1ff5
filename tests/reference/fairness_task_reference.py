#!/usr/bin/env python3
"""Independent recomputation of `mlops fairness --task multiclass|regression` with a pandas groupby.

usage: fairness_task_reference.py regression <data.csv> <label> <scores.csv> <prediction column> <sensitive>
       fairness_task_reference.py multiclass <data.csv> <label> <scores.csv> <probability prefix> <sensitive> <classes as JSON>
regression: per group MAE, RMSE and mean residual (prediction - label), max - min and max / min over the groups.
multiclass: the prediction is the argmax of <prefix>[0..k-1]; per class and group the one-vs-rest selection rate,
true positive rate and false positive rate.
"""
import json
import sys

import numpy as np
import pandas as pd

mode, data_path, label, scores_path, prediction, sensitive = sys.argv[1:7]
data = pd.read_csv(data_path, dtype={label: str, sensitive: str}, keep_default_na=False)
scores = pd.read_csv(scores_path)
out = {}
if mode == "regression":
    df = pd.DataFrame({"g": data[sensitive], "r": scores[prediction].astype(float) - data[label].astype(float)})
    g = df.groupby("g")["r"]
    mae = g.apply(lambda r: r.abs().mean())
    rmse = g.apply(lambda r: np.sqrt((r * r).mean()))
    mean = g.mean()
    out = {
        "groups": {k: {"count": int(g.size()[k]), "mae": mae[k], "rmse": rmse[k], "meanResidual": mean[k]} for k in mae.index},
        "maeDifference": mae.max() - mae.min(), "maeRatio": mae.max() / mae.min(),
        "rmseDifference": rmse.max() - rmse.min(), "rmseRatio": rmse.max() / rmse.min(),
        "meanResidualDifference": mean.max() - mean.min(),
    }
else:
    classes = json.loads(sys.argv[7])
    p = scores[[f"{prediction}[{j}]" for j in range(len(classes))]].astype(float).to_numpy()
    pred = np.array(classes, dtype=object)[np.argmax(p, axis=1)]
    for c in classes:
        df = pd.DataFrame({"g": data[sensitive], "y": data[label] == c, "p": pred == c})
        groups = {}
        for k, d in df.groupby("g"):
            groups[k] = {
                "selectionRate": d["p"].mean(),
                "truePositiveRate": d.loc[d["y"], "p"].mean() if d["y"].any() else None,
                "falsePositiveRate": d.loc[~d["y"], "p"].mean() if (~d["y"]).any() else None,
            }
        out[c] = groups
json.dump(out, sys.stdout)
