#!/usr/bin/env python3
"""Writes a fitted scikit-learn tree model as ONNX, by hand from the trees' `tree_` arrays (no skl2onnx).

Supported: DecisionTreeClassifier/Regressor, RandomForestClassifier/Regressor, ExtraTreesClassifier/Regressor,
GradientBoostingClassifier (binary and multiclass)/Regressor, single-output only. The test references use it to give
our evaluator and scikit-learn the very same model.

The graph:
- one input `input`, float [N, F]; the model metadata `mlops.features` names the F data columns (comma-separated),
  so the CLI feeds the model from a CSV file by column name;
- thresholds are written as doubles (`nodes_values_as_tensor`, ai.onnx.ml opset 3) and compared with the float input
  widened to double: exactly scikit-learn's test `float32(x) <= threshold` (its trees cast X to float32), so the
  ONNX model takes the same branch on every row;
- forests/trees (classification): TreeEnsembleClassifier, leaf weights = the leaf's class distribution / n_trees
  (scikit-learn averages the trees' predict_proba) -> outputs `label` [N] and `probabilities` [N, K];
- gradient boosting (classification): TreeEnsembleRegressor giving the raw margin (`margin`, init + learning_rate x
  sum of trees), then Sigmoid (binary: probabilities = [1 - p, p]) or Softmax (multiclass) -> `label`, `probabilities`;
- regression: TreeEnsembleRegressor (AVERAGE for forests, SUM + base value for boosting) -> `prediction` [N, 1].
Leaf values and node ids are the trees' own (node i of tree t is nodes_treeids=t, nodes_nodeids=i), so a reader can
map ONNX nodes back to scikit-learn's arrays.

Module use:  to_onnx(model, feature_names) -> onnx.ModelProto;  save(model, feature_names, path)
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ML_DOMAIN = "ai.onnx.ml"
FEATURES_METADATA_KEY = "mlops.features"


def _estimators(model):
    name = type(model).__name__
    if name.startswith("DecisionTree"):
        return [model]
    if name.startswith(("RandomForest", "ExtraTrees")):
        return list(model.estimators_)
    raise ValueError(f"{name} is not a tree, forest or gradient boosting model")


def _node_attributes(tree_arrays, leaf_weight):
    """Node and leaf attributes for the trees; leaf_weight(t, tree_, node) -> [(target_or_class_id, weight)]."""
    attrs = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                             "nodes_truenodeids", "nodes_falsenodeids", "ids", "tids", "nids", "weights")}
    for t, tree in enumerate(tree_arrays):
        left, right = tree.children_left, tree.children_right
        for i in range(tree.node_count):
            leaf = left[i] == -1
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(i)
            attrs["nodes_featureids"].append(0 if leaf else int(tree.feature[i]))
            attrs["nodes_modes"].append(b"LEAF" if leaf else b"BRANCH_LEQ")
            attrs["nodes_values"].append(0.0 if leaf else float(tree.threshold[i]))
            attrs["nodes_truenodeids"].append(0 if leaf else int(left[i]))
            attrs["nodes_falsenodeids"].append(0 if leaf else int(right[i]))
            if leaf:
                for target, weight in leaf_weight(t, tree, i):
                    attrs["ids"].append(target)
                    attrs["tids"].append(t)
                    attrs["nids"].append(i)
                    attrs["weights"].append(float(weight))
    return attrs


def _ensemble_node(op, attrs, prefix, output, extra):
    return helper.make_node(
        op, ["input_double"], [output], domain=ML_DOMAIN,
        nodes_treeids=attrs["nodes_treeids"], nodes_nodeids=attrs["nodes_nodeids"],
        nodes_featureids=attrs["nodes_featureids"], nodes_modes=attrs["nodes_modes"],
        nodes_values_as_tensor=numpy_helper.from_array(np.array(attrs["nodes_values"], dtype=np.float64), "nodes_values"),
        nodes_truenodeids=attrs["nodes_truenodeids"], nodes_falsenodeids=attrs["nodes_falsenodeids"],
        **{f"{prefix}_ids": attrs["ids"], f"{prefix}_treeids": attrs["tids"], f"{prefix}_nodeids": attrs["nids"],
           f"{prefix}_weights_as_tensor": numpy_helper.from_array(np.array(attrs["weights"], dtype=np.float64), f"{prefix}_weights")},
        **extra)


def _class_labels(classes):
    classes = np.asarray(classes)
    if classes.dtype.kind in "iub":
        return {"classlabels_int64s": [int(c) for c in classes]}, TensorProto.INT64, np.asarray(classes, dtype=np.int64)
    return {"classlabels_strings": [str(c).encode() for c in classes]}, TensorProto.STRING, np.asarray([str(c) for c in classes], dtype=object)


def _single_output(model):
    if getattr(model, "n_outputs_", 1) != 1:
        raise ValueError("multi-output models are not supported")


def to_onnx(model, feature_names):
    """The ONNX model of a fitted scikit-learn tree model whose input columns are `feature_names`, in order."""
    feature_names = [str(f) for f in feature_names]
    n_features = len(feature_names)
    if getattr(model, "n_features_in_", n_features) != n_features:
        raise ValueError(f"the model has {model.n_features_in_} features but {n_features} names were given")
    name = type(model).__name__
    nodes = [helper.make_node("Cast", ["input"], ["input_double"], to=TensorProto.DOUBLE)]
    initializers = []
    outputs = []
    n = "N"

    if name.startswith("GradientBoosting"):
        init = _constant_init(model, n_features)
        trees = model.estimators_  # shape (n_stages, K)
        k = trees.shape[1]
        lr = float(model.learning_rate)
        flat = [(trees[s, j].tree_, j) for s in range(trees.shape[0]) for j in range(k)]
        attrs = _node_attributes([t for t, _ in flat], lambda t, tree, i: [(flat[t][1], lr * tree.value[i, 0, 0])])
        nodes.append(_ensemble_node("TreeEnsembleRegressor", attrs, "target", "margin", {
            "n_targets": k, "aggregate_function": "SUM",
            "base_values_as_tensor": numpy_helper.from_array(np.asarray(init, dtype=np.float64).reshape(k), "base_values")}))
        if name == "GradientBoostingRegressor":
            nodes.append(helper.make_node("Identity", ["margin"], ["prediction"]))
            outputs.append(helper.make_tensor_value_info("prediction", TensorProto.FLOAT, [n, 1]))
        else:
            label_attrs, label_type, label_values = _class_labels(model.classes_)
            if k == 1:
                nodes.append(helper.make_node("Sigmoid", ["margin"], ["p1"]))
                initializers.append(numpy_helper.from_array(np.array([1.0], dtype=np.float32), "one"))
                nodes.append(helper.make_node("Sub", ["one", "p1"], ["p0"]))
                nodes.append(helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1))
            else:
                nodes.append(helper.make_node("Softmax", ["margin"], ["probabilities"], axis=1))
            nodes.append(helper.make_node("ArgMax", ["probabilities"], ["label_index"], axis=1, keepdims=0))
            initializers.append(numpy_helper.from_array(label_values if label_type == TensorProto.INT64
                                                        else np.array(label_values, dtype=object), "class_labels"))
            nodes.append(helper.make_node("Gather", ["class_labels", "label_index"], ["label"], axis=0))
            outputs.append(helper.make_tensor_value_info("label", label_type, [n]))
            outputs.append(helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [n, len(model.classes_)]))
    else:
        estimators = _estimators(model)
        for e in estimators:
            _single_output(e)
        count = len(estimators)
        tree_arrays = [e.tree_ for e in estimators]
        if name.endswith("Classifier"):
            label_attrs, label_type, _ = _class_labels(model.classes_)

            def leaf(t, tree, i):
                value = tree.value[i, 0]
                total = value.sum()
                return [(c, (value[c] / total) / count) for c in range(len(value))]
            attrs = _node_attributes(tree_arrays, leaf)
            node = _ensemble_node("TreeEnsembleClassifier", attrs, "class", "label", {"post_transform": "NONE", **label_attrs})
            node.output.append("probabilities")
            nodes.append(node)
            outputs.append(helper.make_tensor_value_info("label", label_type, [n]))
            outputs.append(helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [n, len(model.classes_)]))
        else:
            attrs = _node_attributes(tree_arrays, lambda t, tree, i: [(0, tree.value[i, 0, 0])])
            nodes.append(_ensemble_node("TreeEnsembleRegressor", attrs, "target", "prediction",
                                        {"n_targets": 1, "aggregate_function": "AVERAGE"}))
            outputs.append(helper.make_tensor_value_info("prediction", TensorProto.FLOAT, [n, 1]))

    graph = helper.make_graph(nodes, f"sklearn_{name}", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [n, n_features])],
                              outputs, initializers)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(ML_DOMAIN, 3)],
                                   producer_name="tests/reference/sklearn_forest_to_onnx.py")
    onnx_model.ir_version = 8
    helper.set_model_props(onnx_model, {FEATURES_METADATA_KEY: ",".join(feature_names)})
    onnx.checker.check_model(onnx_model)
    return onnx_model


def _constant_init(model, n_features):
    """The boosting model's initial raw prediction, which must not depend on the row (the default init)."""
    probe = np.zeros((2, n_features), dtype=np.float32)
    probe[1] = 1e6
    raw = model._raw_predict_init(probe)
    if not np.allclose(raw[0], raw[1]):
        raise ValueError("the gradient boosting model's init estimator depends on the row; only a constant init is supported")
    return raw[0]


def save(model, feature_names, path):
    onnx.save(to_onnx(model, feature_names), path)
