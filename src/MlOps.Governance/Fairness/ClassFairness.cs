using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Fairness;

/// <summary>
/// Multiclass fairness: for each class, the binary fairness figures of that class against the rest (selection rate,
/// true and false positive rates per group, and their between-group differences and ratios), from one k×k
/// confusion matrix per group of each single sensitive feature, counted in one pass.
/// </summary>
/// <param name="Classes">The classes, in the model's order (or sorted when only a predicted label is known).</param>
/// <param name="ByClass">Per class, per single sensitive feature, the one-vs-rest fairness.</param>
public sealed record ClassFairness(IReadOnlyList<string> Classes, IReadOnlyDictionary<string, IReadOnlyList<FeatureFairness>> ByClass)
{
    /// <summary>
    /// Whether every class's disparate impact ratio of every feature is defined and at least <paramref name="bound"/>;
    /// a class no group is ever predicted has no disparity (its ratio is 0/0) and passes.
    /// </summary>
    public bool Passes(double bound) => ByClass.Values.SelectMany(f => f).All(f =>
        (!double.IsNaN(f.DisparateImpactRatio) && f.DisparateImpactRatio >= bound) || f.Groups.All(g => g.Counts.SelectionRate == 0));

    /// <summary>Counts a table of labels, class outputs and sensitive columns.</summary>
    /// <param name="path">The CSV or Parquet file.</param>
    /// <param name="options">Label, sensitive columns, privileged groups, the minimum group size; for a predictions file
    /// <see cref="FairnessOptions.Score"/> names the probability columns <c>&lt;score&gt;[&lt;class&gt;]</c> and
    /// <see cref="FairnessOptions.Prediction"/> the predicted-label column.</param>
    /// <param name="outputs">The model's class outputs in the file; null: found from the names above.</param>
    /// <param name="data">The data the report names; default the file.</param>
    /// <param name="source">How predictions were obtained; default the columns used.</param>
    /// <exception cref="MlOpsException">Missing columns (MLOPS152), a label the model does not know (MLOPS150), one class (MLOPS151), an empty value.</exception>
    public static FairnessReport Analyze(string path, FairnessOptions options, ClassOutputs? outputs = null, DataIdentity? data = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var reader = TableReader.Open(path, options.Csv);
        var label = reader.ColumnIndex(options.Label);
        var sensitive = options.Sensitive.Select(reader.ColumnIndex).ToArray();
        outputs ??= ClassOutputs.FromHeader(reader.Header, options.Score, options.Prediction);
        if (outputs is null)
        {
            throw new MlOpsException(
                $"The {reader.Format} file has neither probability columns '{options.Score ?? "score"}[<class>]' nor a predicted-label column '{options.Prediction}'.",
                path, reader.HeaderLineNumber, "Give one probability column per class, named <score>[<class>], or the predicted-label column.",
                DiagnosticCatalog.NoClassOutputs, inputs: [UserInputs.ScoreColumn, UserInputs.PredictionColumn]);
        }
        var table = new ClassTable(outputs.Classes);
        var probabilityColumns = outputs.ProbabilityColumns.Select(reader.ColumnIndex).ToArray();
        var predictionColumn = outputs.HasProbabilities ? -1 : reader.ColumnIndex(outputs.LabelColumn!);
        var values = new string[sensitive.Length];
        // Counts per (feature, group, actual, predicted); the class indexes are final only at the end (collected classes are sorted).
        var counts = new Dictionary<(int Feature, string Group, int Actual, int Predicted), long>();
        var distinct = new HashSet<int>();
        long n = 0;
        while (reader.Read())
        {
            n++;
            var actual = table.Read(reader, label);
            distinct.Add(actual);
            int predicted;
            if (probabilityColumns.Length > 0)
            {
                predicted = 0;
                var best = double.NegativeInfinity;
                for (var k = 0; k < probabilityColumns.Length; k++)
                {
                    var p = reader.GetDouble(probabilityColumns[k]);
                    if (double.IsNaN(p))
                    {
                        throw new MlOpsException($"The class probability '{reader.Header[probabilityColumns[k]]}' is empty on {reader.Position}.", reader.Path,
                            reader.LineNumber, "Give every row the model's class probabilities.", column: probabilityColumns[k] + 1);
                    }
                    if (p > best)
                    {
                        (best, predicted) = (p, k);
                    }
                }
            }
            else
            {
                predicted = table.Read(reader, predictionColumn);
            }
            SensitiveValues.Read(reader, sensitive, values);
            for (var f = 0; f < sensitive.Length; f++)
            {
                var key = (f, values[f], actual, predicted);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        if (n == 0)
        {
            throw new MlOpsException("The predictions file has a header but no rows.", path, 2, "Pass a file with one row per prediction.");
        }
        if (distinct.Count < 2)
        {
            throw new MlOpsException($"The label column '{options.Label}' holds one class only: per-class fairness compares at least two.",
                path, reader.HeaderLineNumber, "Measure on data with at least two classes in the label column, or check that it is the label column.",
                DiagnosticCatalog.SingleClassLabel, inputs: [UserInputs.LabelColumn]);
        }
        // The final class order (collected classes sorted), and each seen index's place in it.
        var order = table.Order();
        var classes = order.Select(i => table.Classes[i]).ToList();
        var place = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            place[order[i]] = i;
        }
        var byClass = new Dictionary<string, IReadOnlyList<FeatureFairness>>(StringComparer.Ordinal);
        for (var c = 0; c < classes.Count; c++)
        {
            var features = new List<FeatureFairness>();
            for (var f = 0; f < sensitive.Length; f++)
            {
                var groups = new SortedDictionary<string, ConfusionCounts>(StringComparer.Ordinal);
                foreach (var ((feature, group, a, p), count) in counts)
                {
                    if (feature != f)
                    {
                        continue;
                    }
                    bool actual = place[a] == c, predicted = place[p] == c;
                    var cell = new ConfusionCounts(actual && predicted ? count : 0, !actual && predicted ? count : 0, actual && !predicted ? count : 0, !actual && !predicted ? count : 0);
                    groups[group] = groups.TryGetValue(group, out var existing) ? existing + cell : cell;
                }
                var column = options.Sensitive[f];
                var privileged = options.Privileged.TryGetValue(column, out var named) ? named : null;
                features.Add(FairnessCalculator.Compute(column, [column], groups.Select(g => (g.Key, g.Value)).ToList(), privileged, options.MinGroupSize));
            }
            byClass[classes[c]] = features;
        }
        return new FairnessReport(options with { Intersections = false }, data ?? DataIdentity.Of(path), n,
            source ?? (outputs.HasProbabilities ? "argmax of the class probabilities" : $"column {outputs.LabelColumn}"), [])
        {
            PerClass = new ClassFairness(classes, byClass),
        };
    }
}
