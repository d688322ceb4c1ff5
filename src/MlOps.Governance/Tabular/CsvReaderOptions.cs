using System.Globalization;
using MlOps.Diagnostics;

namespace MlOps.Governance.Tabular;

/// <summary>The limits a <see cref="CsvReader"/> enforces, so that memory is bounded whatever the file holds.</summary>
public sealed record CsvReaderOptions
{
    /// <summary>
    /// The default <see cref="MaxRecordLength"/>: 1 MiB characters (2 MB of buffer). That is some 50,000 numeric
    /// columns or a 500-page text in one field: wider than real tabular data, yet it stops a file without line
    /// breaks (a binary file, a one-line JSON dump, a wrong separator) after 2 MB instead of at the machine's memory.
    /// </summary>
    public const int DefaultMaxRecordLength = 1 << 20;

    /// <summary>The largest <see cref="MaxRecordLength"/> that can be set: 256 Mi characters (a 512 MB buffer).</summary>
    public const int LargestMaxRecordLength = 1 << 28;

    /// <summary>The defaults.</summary>
    public static CsvReaderOptions Default { get; } = new();

    /// <summary>
    /// The longest record accepted, in characters, without its line break (a quoted field's line breaks count).
    /// A longer record is an error naming its line (<see cref="DiagnosticCatalog.RecordTooLong"/>); the reader's
    /// buffer never grows past this.
    /// </summary>
    public int MaxRecordLength { get; init; } = DefaultMaxRecordLength;

    /// <summary>Checks the options.</summary>
    /// <exception cref="MlOpsException"><see cref="MaxRecordLength"/> is not between 1 and <see cref="LargestMaxRecordLength"/>.</exception>
    public void Validate()
    {
        if (MaxRecordLength is < 1 or > LargestMaxRecordLength)
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture,
                    $"The maximum record length must be between 1 and {LargestMaxRecordLength} characters but is {MaxRecordLength}."),
                fix: string.Create(CultureInfo.InvariantCulture, $"Set the maximum record length to at most {LargestMaxRecordLength} characters."),
                diagnostic: DiagnosticCatalog.CountLimit, inputs: [UserInputs.MaxRecordLength]);
        }
    }
}
