namespace MlOps.Governance.Tabular;

/// <summary>
/// A file format <see cref="TableReader"/> can open besides CSV (CSV is built in). Formats whose libraries must not
/// load where Governance loads (MSBuild) live in their own assembly and are registered with
/// <see cref="TableReader.Register"/> by the program that references it (the mlops CLI registers Parquet).
/// </summary>
public interface ITableFormat
{
    /// <summary>The format's name as messages say it ("Parquet").</summary>
    string Name { get; }

    /// <summary>True when this format reads <paramref name="path"/>, judged by its extension and its first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="head">The file's first bytes (up to 8; fewer for a shorter file).</param>
    bool Claims(string path, ReadOnlySpan<byte> head);

    /// <summary>Opens <paramref name="path"/> (an existing file this format claims) and reads its header.</summary>
    /// <exception cref="MlOpsException">The file is not in this format, is damaged, or has columns the program cannot read.</exception>
    ITableReader Open(string path, CsvReaderOptions options);

    /// <summary>
    /// Readers of <paramref name="count"/> (or fewer) consecutive parts of <paramref name="path"/> that together hold
    /// every row once, in file order, for reading in parallel; null when the file is better read in one pass.
    /// </summary>
    IReadOnlyList<Func<ITableReader>>? Segments(string path, CsvReaderOptions options, int count);
}
