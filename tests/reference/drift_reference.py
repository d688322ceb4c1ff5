#!/usr/bin/env python3
"""Independent recomputation of `mlops drift compare` with pandas + scipy (the oracle for the C# tests).

usage: drift_reference.py <reference.csv> <current.csv>   -> JSON on stdout: {feature: {...}}

Definitions (docs/evidence.md): numeric columns (every non-empty value a number): KS via scipy.stats.ks_2samp
(method 'auto'); normed Wasserstein = scipy.stats.wasserstein_distance / max(np.std(reference), 0.001); PSI on 10
right-closed bins whose inner edges are the reference deciles (np.quantile, 'linear'), empty shares floored at
1e-4. Categorical columns: shares over the union of categories; PSI; Jensen-Shannon distance base 2
(scipy.spatial.distance.jensenshannon); chi-square as Evidently: scipy.stats.chisquare(current counts,
reference counts * n_current / n_reference).
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def psi(ref_shares, cur_shares):
    r = np.where(ref_shares == 0, 1e-4, ref_shares)
    c = np.where(cur_shares == 0, 1e-4, cur_shares)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric(ref, cur):
    ref = ref.dropna().to_numpy(dtype=float)
    cur = cur.dropna().to_numpy(dtype=float)
    ks = stats.ks_2samp(ref, cur)
    edges = np.quantile(ref, [i / 10 for i in range(1, 10)])
    full = np.concatenate([[-np.inf], edges, [np.inf]])
    # right-closed bins (e_k, e_k+1]: np.searchsorted(side='left') gives the index of the first edge >= x
    ref_bins = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=10) / len(ref)
    cur_bins = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=10) / len(cur)
    return {
        "type": "numeric",
        "ksStatistic": float(ks.statistic),
        "ksPValue": float(ks.pvalue),
        "wassersteinNormed": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)),
        "psi": psi(ref_bins, cur_bins),
        "deciles": [float(e) for e in edges],
        "distinct": int(pd.concat([pd.Series(ref), pd.Series(cur)]).nunique()),
        "bins": len(full) - 1,
    }


def categorical(ref, cur):
    ref = ref.dropna().astype(str)
    cur = cur.dropna().astype(str)
    keys = sorted(set(ref.unique()) | set(cur.unique()))
    rc = ref.value_counts().reindex(keys, fill_value=0).to_numpy(dtype=float)
    cc = cur.value_counts().reindex(keys, fill_value=0).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = stats.chisquare(cc, rc * cc.sum() / rc.sum()) if len(keys) > 1 else None
    return {
        "type": "categorical",
        "psi": psi(rc / rc.sum(), cc / cc.sum()),
        "jensenShannon": float(distance.jensenshannon(rc / rc.sum(), cc / cc.sum(), base=2)),
        "chiSquarePValue": float(chi.pvalue) if chi is not None else 1.0,
        "distinct": len(keys),
    }


def main():
    ref = pd.read_csv(sys.argv[1], keep_default_na=False, na_values=[""])
    cur = pd.read_csv(sys.argv[2], keep_default_na=False, na_values=[""])
    out = {}
    for col in ref.columns:
        if pd.api.types.is_numeric_dtype(ref[col]):
            out[col] = numeric(ref[col], cur[col])
        else:
            out[col] = categorical(ref[col], cur[col])
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
