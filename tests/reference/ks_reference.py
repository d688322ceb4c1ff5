#!/usr/bin/env python3
"""scipy.stats.ks_2samp (method 'auto') on seeded samples, the oracle for the C# KS p-value.

usage: ks_reference.py n1 n2 shift seed  -> JSON {statistic, pValue, a: [...], b: [...]}
The samples are integers (rounded normals) so ties occur, as in real tabular data.
"""
import json
import sys

import numpy as np
from scipy import stats

n1, n2, shift, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(seed)
a = np.round(rng.normal(50, 10, n1))
b = np.round(rng.normal(50 + shift, 10, n2))
r = stats.ks_2samp(a, b)
json.dump({"statistic": float(r.statistic), "pValue": float(r.pvalue), "a": a.tolist(), "b": b.tolist()}, sys.stdout)
