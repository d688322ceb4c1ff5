using System.Globalization;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Fairness;

/// <summary>One group's errors (residual = prediction − label).</summary>
/// <param name="Name">The group's value.</param>
/// <param name="Count">Rows in the group.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="MeanResidual">Mean of prediction − label (positive: the model over-predicts for the group).</param>
/// <param name="SmallGroup">Fewer rows than the minimum group size: reported, left out of the comparisons.</param>
public sealed record RegressionGroup(string Name, long Count, double Mae, double Rmse, double MeanResidual, bool SmallGroup);

/// <summary>One sensitive feature's error metrics per group and their between-group comparisons (groups of at least the minimum size).</summary>
/// <param name="Feature">The sensitive column.</param>
/// <param name="Groups">Per group, sorted by name.</param>
/// <param name="MaeDifference">Largest minus smallest group MAE.</param>
/// <param name="MaeRatio">Largest over smallest group MAE (NaN when the smallest is 0).</param>
/// <param name="RmseDifference">Largest minus smallest group RMSE.</param>
/// <param name="RmseRatio">Largest over smallest group RMSE (NaN when the smallest is 0).</param>
/// <param name="MeanResidualDifference">Largest minus smallest group mean residual.</param>
public sealed record RegressionFeature(string Feature, IReadOnlyList<RegressionGroup> Groups, double MaeDifference, double MaeRatio,
    double RmseDifference, double RmseRatio, double MeanResidualDifference)
{
    /// <summary>The comparisons in contract order.</summary>
    public IEnumerable<(string Name, double Value)> Metrics() =>
    [
        ("maeDifference", MaeDifference), ("maeRatio", MaeRatio), ("rmseDifference", RmseDifference), ("rmseRatio", RmseRatio),
        ("meanResidualDifference", MeanResidualDifference),
    ];
}

/// <summary>
/// Regression fairness: MAE, RMSE and mean residual per group of each single sensitive feature, with their
/// between-group differences (max − min) and ratios (max / min), streamed once (three sums per group).
/// </summary>
/// <param name="Features">One entry per sensitive column, in option order.</param>
public sealed record RegressionFairness(IReadOnlyList<RegressionFeature> Features)
{
    /// <summary>Reads a table of labels, predicted values and sensitive columns.</summary>
    /// <param name="path">The CSV or Parquet file.</param>
    /// <param name="options">Label, sensitive columns, minimum group size; <see cref="FairnessOptions.Prediction"/> is the predicted value.</param>
    /// <param name="data">The data the report names; default the file.</param>
    /// <param name="source">How predictions were obtained; default the column.</param>
    /// <exception cref="MlOpsException">Missing columns, an empty or non-number label or prediction, an empty sensitive value.</exception>
    public static FairnessReport Analyze(string path, FairnessOptions options, DataIdentity? data = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var reader = TableReader.Open(path, options.Csv);
        var label = reader.ColumnIndex(options.Label);
        var prediction = reader.ColumnIndex(options.Prediction);
        var sensitive = options.Sensitive.Select(reader.ColumnIndex).ToArray();
        var sums = sensitive.Select(_ => new Dictionary<string, (long N, double Abs, double Squared, double Residual)>(StringComparer.Ordinal)).ToArray();
        var values = new string[sensitive.Length];
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            var residual = Number(reader, prediction) - Number(reader, label);
            SensitiveValues.Read(reader, sensitive, values);
            for (var f = 0; f < sensitive.Length; f++)
            {
                var s = sums[f].GetValueOrDefault(values[f]);
                sums[f][values[f]] = (s.N + 1, s.Abs + Math.Abs(residual), s.Squared + residual * residual, s.Residual + residual);
            }
        }
        if (rows == 0)
        {
            throw new MlOpsException("The predictions file has a header but no rows.", path, 2, "Pass a file with one row per prediction.");
        }
        var features = sensitive.Select((_, f) => Feature(options.Sensitive[f], sums[f], options.MinGroupSize)).ToList();
        return new FairnessReport(options with { Intersections = false }, data ?? DataIdentity.Of(path), rows, source ?? $"column {options.Prediction}", [])
        {
            Regression = new RegressionFairness(features),
        };
    }

    private static RegressionFeature Feature(string name, Dictionary<string, (long N, double Abs, double Squared, double Residual)> sums, int minGroupSize)
    {
        var groups = sums.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RegressionGroup(g.Key, g.Value.N, g.Value.Abs / g.Value.N, Math.Sqrt(g.Value.Squared / g.Value.N), g.Value.Residual / g.Value.N, g.Value.N < minGroupSize))
            .ToList();
        var compared = groups.Where(g => !g.SmallGroup).ToList();
        (double Difference, double Ratio) Spread(Func<RegressionGroup, double> metric)
        {
            if (compared.Count == 0)
            {
                return (double.NaN, double.NaN);
            }
            double max = compared.Max(metric), min = compared.Min(metric);
            return (max - min, min == 0 ? double.NaN : max / min);
        }
        var (maeDiff, maeRatio) = Spread(g => g.Mae);
        var (rmseDiff, rmseRatio) = Spread(g => g.Rmse);
        var (residualDiff, _) = Spread(g => g.MeanResidual);
        return new RegressionFeature(name, groups, maeDiff, maeRatio, rmseDiff, rmseRatio, residualDiff);
    }

    private static double Number(ITableReader reader, int column)
    {
        var x = reader.GetDouble(column);
        if (double.IsNaN(x))
        {
            throw new MlOpsException($"The column '{reader.Header[column]}' is empty on {reader.Position}.", reader.Path, reader.LineNumber,
                string.Create(CultureInfo.InvariantCulture, $"Give every row a number in '{reader.Header[column]}'."), column: column + 1);
        }
        return x;
    }
}
