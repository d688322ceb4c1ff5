#!/usr/bin/env python3
"""Seeded synthetic data for the evidence benchmarks (written to /tmp, never to the repository).

usage: evidence-gen.py <rows> <out-folder>
writes reference.csv and current.csv (14 columns: 6 continuous, 3 integer, 5 categorical; the current file has
a mild shift in two columns) and predictions.csv (y_true, y_pred, score, sex, race, age_group) with <rows> rows each.
"""
import os
import sys

import numpy as np
import pandas as pd


def table(rng, n, shift):
    return pd.DataFrame({
        "income": np.round(rng.lognormal(10 + shift, 0.6, n), 2),
        "balance": np.round(rng.normal(1000 * (1 + shift), 400, n), 2),
        "ratio": np.round(rng.uniform(0, 1, n), 4),
        "score_a": np.round(rng.normal(0, 1, n), 4),
        "score_b": np.round(rng.gamma(2.0, 2.0, n), 4),
        "weight": np.round(rng.normal(70, 12, n), 1),
        "age": rng.integers(18, 90, n),
        "hours": np.clip(np.round(rng.normal(40 + 5 * shift, 10, n)), 1, 99).astype(int),
        "children": rng.poisson(1.2, n),
        "sex": rng.choice(["female", "male"], n, p=[0.45, 0.55]),
        "region": rng.choice([f"region_{i}" for i in range(12)], n),
        "job": rng.choice([f"job_{i}" for i in range(40)], n),
        "education": rng.choice(["primary", "secondary", "bachelor", "master", "doctorate"], n, p=[0.1, 0.4, 0.3, 0.15, 0.05]),
        "housing": rng.choice(["rent", "own", "free"], n, p=[0.4, 0.5, 0.1]),
    })


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261124)
    table(rng, rows, 0.0).to_csv(os.path.join(out, "reference.csv"), index=False)
    table(rng, rows, 0.05).to_csv(os.path.join(out, "current.csv"), index=False)
    y = rng.random(rows) < 0.3
    score = np.clip(0.3 + 0.4 * y + rng.normal(0, 0.2, rows), 0, 1)
    pd.DataFrame({
        "y_true": y.astype(int),
        "y_pred": (score >= 0.5).astype(int),
        "score": np.round(score, 6),
        "sex": rng.choice(["female", "male"], rows),
        "race": rng.choice(["a", "b", "c", "d", "e"], rows, p=[0.6, 0.2, 0.1, 0.07, 0.03]),
        "age_group": rng.choice(["<25", "25-60", ">60"], rows, p=[0.2, 0.6, 0.2]),
    }).to_csv(os.path.join(out, "predictions.csv"), index=False)


if __name__ == "__main__":
    main()
