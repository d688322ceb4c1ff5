#!/usr/bin/env python3
"""The pandas + scipy side of the drift benchmark: the same statistics as `mlops drift baseline` followed by
`mlops drift compare`, in one script: profile (count, missing, mean, std, min, max, deciles / frequencies) and,
per feature, KS statistic + p-value, PSI on reference-decile bins, normed Wasserstein (numeric) or PSI,
Jensen-Shannon and chi-square (categorical).

usage: evidence-drift-pandas.py <reference.csv> <current.csv>
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def psi(r, c):
    r = np.where(r == 0, 1e-4, r)
    c = np.where(c == 0, 1e-4, c)
    return float(np.sum((c - r) * np.log(c / r)))


ref = pd.read_csv(sys.argv[1], keep_default_na=False, na_values=[""])
cur = pd.read_csv(sys.argv[2], keep_default_na=False, na_values=[""])
out = {}
for col in ref.columns:
    if pd.api.types.is_numeric_dtype(ref[col]):
        a = ref[col].dropna().to_numpy(dtype=float)
        b = cur[col].dropna().to_numpy(dtype=float)
        profile = {"count": len(a), "missing": int(ref[col].isna().sum()), "mean": float(a.mean()), "std": float(a.std(ddof=1)),
                   "min": float(a.min()), "max": float(a.max())}
        edges = np.quantile(a, [i / 10 for i in range(1, 10)])
        ks = stats.ks_2samp(a, b)
        rb = np.bincount(np.searchsorted(edges, a, side="left"), minlength=10) / len(a)
        cb = np.bincount(np.searchsorted(edges, b, side="left"), minlength=10) / len(b)
        out[col] = {**profile, "ks": float(ks.statistic), "p": float(ks.pvalue), "psi": psi(rb, cb),
                    "wassersteinNormed": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001))}
    else:
        rc = ref[col].dropna().value_counts()
        cc = cur[col].dropna().value_counts()
        keys = sorted(set(rc.index) | set(cc.index))
        r = rc.reindex(keys, fill_value=0).to_numpy(dtype=float)
        c = cc.reindex(keys, fill_value=0).to_numpy(dtype=float)
        out[col] = {"psi": psi(r / r.sum(), c / c.sum()), "js": float(distance.jensenshannon(r / r.sum(), c / c.sum(), base=2)),
                    "chi": float(stats.chisquare(c, r * c.sum() / r.sum()).pvalue)}
json.dump(out, sys.stdout)
