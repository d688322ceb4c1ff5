using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Explanations;

/// <summary>The mean absolute contribution of each feature over some rows.</summary>
/// <param name="Rows">The rows averaged over.</param>
/// <param name="MeanAbsoluteContribution">Per feature (in the explainer's order): the mean of |contribution|.</param>
public sealed record ContributionMeans(long Rows, IReadOnlyDictionary<string, double> MeanAbsoluteContribution);

/// <summary>How much each feature moves the score, overall and within each group of each sensitive column.</summary>
/// <param name="Method">The explainer's method (<c>linear</c>, <c>treeshap</c>).</param>
/// <param name="Margin">What the contributions add up to, in words.</param>
/// <param name="ExpectedValue">The margin with no feature known.</param>
/// <param name="Features">The explainer's features, in order.</param>
/// <param name="Overall">The mean absolute contributions over every explained row.</param>
/// <param name="Groups">Per sensitive column, per group value (ordinal order): the mean absolute contributions of the group's rows.</param>
/// <param name="DataRows">The rows of the data; <see cref="ContributionMeans.Rows"/> of <paramref name="Overall"/> is fewer when a sample was explained.</param>
/// <param name="Seed">The seed of the sample (null when every row was explained).</param>
public sealed record LocalContributionSummary(string Method, string Margin, double ExpectedValue, IReadOnlyList<string> Features, ContributionMeans Overall,
    IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, ContributionMeans>>> Groups, long DataRows, ulong? Seed)
{
    /// <summary>The most groups a sensitive column may have: it names groups of people, not identities.</summary>
    public const int MaxGroups = 1000;

    /// <summary>
    /// Explains the rows of <paramref name="dataPath"/> with <paramref name="explainer"/> (streamed in batches) and
    /// averages the absolute contributions (the model inputs are fed from the data as <paramref name="session"/> takes
    /// them), overall and per group of each of <paramref name="sensitive"/>. When the data has more than
    /// <paramref name="maxRows"/> of its <paramref name="dataRows"/> rows, a seeded uniform sample of exactly
    /// <paramref name="maxRows"/> rows is explained (selection sampling, one pass): exact contributions cost per row
    /// (TreeSHAP on deep forests: milliseconds), while group means settle long before a million rows.
    /// </summary>
    /// <exception cref="MlOpsException">Bad data, a sensitive column that is missing or has too many groups.</exception>
    public static LocalContributionSummary Summarise(ILocalExplainer explainer, MlOps.Onnx.Evaluation.IModelSession session, string dataPath, IReadOnlyList<string> sensitive,
        long dataRows, int maxRows, ulong seed, CsvReaderOptions? csv = null, int batchSize = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        ArgumentNullException.ThrowIfNull(explainer);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sensitive);
        var width = explainer.Features.Count;
        using var reader = TableReader.Open(dataPath, csv);
        // The explainer takes the model's inputs, fed from the data columns as for scoring.
        var binding = InputBinding.Create(session, reader);
        var groupColumns = sensitive.Select(reader.ColumnIndex).ToArray();
        var overall = new Sums(width);
        var groups = sensitive.Select(_ => new Dictionary<string, Sums>(StringComparer.Ordinal)).ToArray();
        var batch = binding.CreateBatch(batchSize);
        var keys = new string[groupColumns.Length, batchSize];
        var contributions = new double[batchSize * width];
        var margins = new double[batchSize];
        var sampled = dataRows > maxRows;
        var random = new Statistics.SeededRandom(seed);
        long seen = 0, taken = 0;
        // Knuth's selection sampling (Algorithm S): row i is taken with probability (wanted - taken) / (rows - i),
        // which gives exactly maxRows rows, each row equally likely, in data order.
        Func<ITableReader, bool>? include = !sampled ? null : _ =>
        {
            var take = (dataRows - seen) * random.NextDouble() < maxRows - taken;
            seen++;
            taken += take ? 1 : 0;
            return take;
        };
        var more = true;
        while (more)
        {
            more = batch.Refill(reader, (r, row) =>
            {
                for (var s = 0; s < groupColumns.Length; s++)
                {
                    keys[s, row] = r.GetString(groupColumns[s]);
                }
            }, include);
            if (batch.Count == 0)
            {
                break;
            }
            var rows = batch.Count;
            explainer.Explain(batch.ToInputs(), rows, contributions.AsSpan(0, rows * width), margins.AsSpan(0, rows));
            for (var r = 0; r < rows; r++)
            {
                var row = contributions.AsSpan(r * width, width);
                overall.Add(row);
                for (var s = 0; s < groupColumns.Length; s++)
                {
                    var key = keys[s, r];
                    if (!groups[s].TryGetValue(key, out var sums))
                    {
                        if (groups[s].Count == MaxGroups)
                        {
                            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture,
                                    $"The sensitive column '{sensitive[s]}' has more than {MaxGroups} distinct values, so it does not name groups."),
                                dataPath, reader.LineNumber, "Name sensitive columns that hold a few groups (bin a number such as age into ranges first).",
                                DiagnosticCatalog.CountLimit, inputs: [UserInputs.SensitiveColumns]);
                        }
                        groups[s][key] = sums = new Sums(width);
                    }
                    sums.Add(row);
                }
            }
        }
        var features = explainer.Features;
        var byColumn = new Dictionary<string, IReadOnlyList<KeyValuePair<string, ContributionMeans>>>(StringComparer.Ordinal);
        for (var s = 0; s < sensitive.Count; s++)
        {
            byColumn[sensitive[s]] = groups[s].OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, g.Value.Means(features))).ToList();
        }
        return new LocalContributionSummary(explainer.Method, explainer.Margin, explainer.ExpectedValue, features, overall.Means(features), byColumn,
            dataRows, sampled ? seed : null);
    }

    private sealed class Sums(int width)
    {
        private readonly double[] _abs = new double[width];
        private long _rows;

        public void Add(ReadOnlySpan<double> contributions)
        {
            for (var j = 0; j < contributions.Length; j++)
            {
                _abs[j] += Math.Abs(contributions[j]);
            }
            _rows++;
        }

        public ContributionMeans Means(IReadOnlyList<string> features)
        {
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var j = 0; j < features.Count; j++)
            {
                means[features[j]] = _rows == 0 ? double.NaN : _abs[j] / _rows;
            }
            return new ContributionMeans(_rows, means);
        }
    }
}
