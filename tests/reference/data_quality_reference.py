#!/usr/bin/env python3
"""Independent recomputation of `mlops data check` with pandas (the oracle for the C# tests).

usage: data_quality_reference.py <train.csv> <eval.csv> <label> <numeric,columns>
    -> JSON on stdout: {missingRate: {column: rate}, outOfRangeRate: {column: rate}, unseenCategoryRate: {column: rate},
                        duplicateRate, leakageRate, minorityClassRate}

Definitions (docs/evidence.md): the features are every column but the label; rates are over the evaluation rows.
Missing: empty cells. Out of range: numeric values outside the training minimum and maximum. Unseen: text values
the training data never has. Duplicates: rows whose features repeat an earlier row's (pandas duplicated, missing
values equal to each other). Leakage: evaluation rows whose features equal some training row's. Minority class: the
rarest label class's share of the labelled rows (the classes of both files).
"""
import json
import sys

import pandas as pd


def main(train_path, eval_path, label, numeric):
    numeric = numeric.split(",")
    dtypes = {c: float for c in numeric}
    train = pd.read_csv(train_path, dtype=dtypes, keep_default_na=False, na_values=[""])
    data = pd.read_csv(eval_path, dtype=dtypes, keep_default_na=False, na_values=[""])
    features = [c for c in data.columns if c != label]
    text = [c for c in features if c not in numeric]
    rows = len(data)
    result = {
        "missingRate": {c: float(data[c].isna().sum() / rows) for c in data.columns},
        "outOfRangeRate": {c: float(((data[c] < train[c].min()) | (data[c] > train[c].max())).sum() / rows) for c in numeric},
        "unseenCategoryRate": {c: float((data[c].notna() & ~data[c].isin(set(train[c].dropna()))).sum() / rows) for c in text},
    }
    # Missing values as one marker, so that they compare equal in duplicated() and in the join.
    key_data = data[features].astype(object).where(data[features].notna(), "<missing>")
    key_train = train[features].astype(object).where(train[features].notna(), "<missing>")
    result["duplicateRate"] = float(key_data.duplicated().sum() / rows)
    leaked = key_data.merge(key_train.drop_duplicates(), on=features, how="left", indicator=True)["_merge"] == "both"
    result["leakageRate"] = float(leaked.sum() / rows)
    classes = data[label].dropna().value_counts().reindex(sorted(set(train[label].dropna()) | set(data[label].dropna())), fill_value=0)
    result["minorityClassRate"] = float(classes.min() / classes.sum())
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:5])
