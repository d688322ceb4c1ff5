using MlOps.Governance.Tabular;

namespace MlOps.Governance.Drift;

/// <summary>
/// Runs one streaming pass over a data file (CSV, or a registered format such as Parquet), in <see cref="Segments"/> parallel segments when the file is large
/// and has no quotes, merging the per-segment results in file order. The segment count is fixed (not the core
/// count), so the result — including digests, which depend on the order values arrive in — is the same on every
/// machine. Bad input in any segment makes the pass re-run sequentially, which reports the exact file line.
/// </summary>
internal static class Segmented
{
    /// <summary>The number of segments of a large file, whatever the machine.</summary>
    public const int Segments = 4;

    public static T Run<T>(string csvPath, CsvReaderOptions csv, Func<T> create, Action<T, ITableReader, IProgress<long>?> consume, Action<T, T> merge, IProgress<long>? progress)
    {
        var plan = TableReader.Segments(csvPath, csv, Segments);
        if (plan is not null)
        {
            var parts = new T[plan.Count];
            try
            {
                Parallel.For(0, plan.Count, i =>
                {
                    using var reader = plan[i]();
                    var part = create();
                    consume(part, reader, null);
                    parts[i] = part;
                });
                for (var i = 1; i < parts.Length; i++)
                {
                    merge(parts[0], parts[i]);
                }
                return parts[0];
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is MlOpsException))
            {
                // Fall through: the sequential pass names the first bad line of the file.
            }
        }
        using var whole = TableReader.Open(csvPath, csv);
        var result = create();
        consume(result, whole, progress);
        return result;
    }
}
