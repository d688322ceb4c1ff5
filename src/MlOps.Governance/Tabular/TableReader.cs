using MlOps.Diagnostics;

namespace MlOps.Governance.Tabular;

/// <summary>
/// The one place a data set is opened by path: chooses the format by the file's extension and first bytes among the
/// registered formats (<see cref="Register"/>), and reads CSV otherwise.
/// </summary>
/// <remarks>
/// The registry is process-wide on purpose: every stage (score, evaluate, fairness, drift, reproducibility) opens its
/// data here, so a program that registers a format once at start-up reads it everywhere, without each stage's options
/// carrying it. Governance itself knows only CSV, so it stays loadable inside MSBuild; a Parquet file met where
/// Parquet is not registered is a clear error (<see cref="DiagnosticCatalog.TableFormatNotAvailable"/>), never
/// garbage read as CSV.
/// </remarks>
public static class TableReader
{
    private static readonly object Gate = new();
    private static ITableFormat[] _formats = [];

    /// <summary>The magic bytes a Parquet file starts (and ends) with.</summary>
    public static ReadOnlySpan<byte> ParquetMagic => "PAR1"u8;

    /// <summary>The formats registered so far, in registration order.</summary>
    public static IReadOnlyList<ITableFormat> Formats => Volatile.Read(ref _formats);

    /// <summary>Makes <paramref name="format"/> readable by every stage in this process (registering it again does nothing).</summary>
    public static void Register(ITableFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        lock (Gate)
        {
            if (!_formats.Contains(format))
            {
                Volatile.Write(ref _formats, [.. _formats, format]);
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> in its format and reads its header.</summary>
    /// <param name="path">The data file.</param>
    /// <param name="options">The CSV reader's limits; null for <see cref="CsvReaderOptions.Default"/>.</param>
    /// <exception cref="MlOpsException">The file is missing or unreadable, or breaks a rule of its format.</exception>
    public static ITableReader Open(string path, CsvReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= CsvReaderOptions.Default;
        return FormatOf(path) is { } format ? format.Open(path, options) : CsvReader.Open(path, options);
    }

    /// <summary>
    /// Readers of up to <paramref name="count"/> consecutive parts of <paramref name="path"/> for a parallel pass, or
    /// null when the file should be read in one pass (small, or a CSV file with quotes).
    /// </summary>
    public static IReadOnlyList<Func<ITableReader>>? Segments(string path, CsvReaderOptions? options, int count)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= CsvReaderOptions.Default;
        if (FormatOf(path) is { } format)
        {
            return format.Segments(path, options, count);
        }
        var plan = CsvSegments.Plan(path, count);
        return plan?.Select(p => (Func<ITableReader>)(() => CsvReader.Open(path, CsvSegments.Open(path, p.HeaderLength, p.Start, p.End), options)))
            .ToArray();
    }

    // The registered format that claims the file, or null for CSV. A missing or unreadable file is left to the CSV
    // reader, whose messages say so.
    private static ITableFormat? FormatOf(string path)
    {
        Span<byte> head = stackalloc byte[8];
        var length = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            while (length < head.Length)
            {
                var n = stream.Read(head[length..]);
                if (n == 0)
                {
                    break;
                }
                length += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        head = head[..length];
        foreach (var format in Formats)
        {
            if (format.Claims(path, head))
            {
                return format;
            }
        }
        if (head.StartsWith(ParquetMagic) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlOpsException(
                $"The data file '{path}' is a Parquet file, and this program reads only CSV files.",
                path, fix: "Read it with the mlops command-line tool (which reads Parquet), register the Parquet format in this program (MlOps.Parquet), or convert the file to CSV.",
                diagnostic: DiagnosticCatalog.TableFormatNotAvailable);
        }
        return null;
    }
}
