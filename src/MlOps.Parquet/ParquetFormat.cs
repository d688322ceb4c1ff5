using MlOps.Governance.Tabular;

namespace MlOps.Parquet;

/// <summary>
/// The Parquet format for <see cref="TableReader"/>: a file named <c>.parquet</c>, or one that starts with the Parquet
/// magic bytes <c>PAR1</c>, is read by <see cref="ParquetTableReader"/>. Register it once at start-up
/// (<see cref="Register"/>); the mlops CLI does.
/// </summary>
public sealed class ParquetFormat : ITableFormat
{
    /// <summary>Files with at least this many rows (and two row groups) are read in parallel by row groups.</summary>
    public const long ParallelRows = 1 << 16;

    private ParquetFormat()
    {
    }

    /// <summary>The format.</summary>
    public static ParquetFormat Instance { get; } = new();

    /// <summary>Makes every stage in this process read Parquet files (<see cref="TableReader.Register"/>).</summary>
    public static void Register() => TableReader.Register(Instance);

    /// <inheritdoc />
    public string Name => "Parquet";

    /// <inheritdoc />
    public bool Claims(string path, ReadOnlySpan<byte> head) =>
        head.StartsWith(TableReader.ParquetMagic) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ITableReader Open(string path, CsvReaderOptions options) => ParquetTableReader.Open(path);

    /// <summary>
    /// Consecutive runs of row groups, about equal in rows, when the file has at least <see cref="ParallelRows"/> rows
    /// in two or more row groups; null otherwise. The split depends only on the file, so a pass gives the same result on
    /// every machine.
    /// </summary>
    public IReadOnlyList<Func<ITableReader>>? Segments(string path, CsvReaderOptions options, int count)
    {
        long[] rows;
        using (var reader = ParquetTableReader.Open(path))
        {
            rows = reader.RowGroupRows();
        }
        var total = rows.Sum();
        if (count < 2 || rows.Length < 2 || total < ParallelRows)
        {
            return null;
        }
        var segments = new List<Func<ITableReader>>();
        var start = 0;
        long seen = 0;
        for (var g = 0; g < rows.Length; g++)
        {
            seen += rows[g];
            // Close a segment once it reaches its share of the rows (the last takes the rest).
            if (g == rows.Length - 1 || seen * count >= total * (segments.Count + 1))
            {
                var (first, end) = (start, g + 1);
                segments.Add(() => ParquetTableReader.Open(path, first, end));
                start = g + 1;
            }
        }
        return segments.Count < 2 ? null : segments;
    }
}
