using MlOps.Governance.Tabular;

namespace MlOps.Parquet;

/// <summary>
/// The Parquet format for <see cref="TableReader"/>: a file named <c>.parquet</c>, or one that starts with the Parquet
/// magic bytes <c>PAR1</c>, is read by <see cref="ParquetTableReader"/>. Register it once at start-up
/// (<see cref="Register"/>); the mlops CLI does.
/// </summary>
public sealed class ParquetFormat : ITableFormat
{
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
    /// Null: a Parquet file is read in one pass. Reading runs of row groups in parallel was measured on the 1M-row drift
    /// benchmark (eng/bench/parquet.sh, 2 cores): the same CPU, but twice the wall time and almost twice the memory,
    /// because Parquet.Net allocates every column chunk it decodes and four readers at once keep the collector busy.
    /// </summary>
    public IReadOnlyList<Func<ITableReader>>? Segments(string path, CsvReaderOptions options, int count) => null;
}
