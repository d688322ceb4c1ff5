using MlOps.Diagnostics;

namespace MlOps.Governance.Tabular;

/// <summary>
/// A forward-only reader of one table of data (a CSV file, or a columnar file such as Parquet): a header of distinct
/// column names, then rows read one at a time. Every stage that reads a data set reads it through this, so each reads
/// every format the program knows (<see cref="TableReader.Open"/> chooses the format).
/// </summary>
/// <remarks>
/// <para>
/// Values are read by column index. <see cref="GetSpan"/> gives a value as text (a typed column's value formatted in
/// the invariant culture); <see cref="TryGetNumber"/> and <see cref="GetDouble"/> give numbers, read directly from a
/// typed column, or parsed from text by the input rules (docs/input-rules.md). A missing value (an empty CSV field, a
/// null) is empty text and NaN.
/// </para>
/// <para>
/// Messages name a row by <see cref="Position"/> ("line 12" in a CSV file, "row 12" in a columnar file) and put
/// <see cref="LineNumber"/> in the line slot of an <see cref="MlOpsException"/>.
/// </para>
/// </remarks>
public interface ITableReader : IDisposable
{
    /// <summary>The path of the file (the name errors give it).</summary>
    string Path { get; }

    /// <summary>The format's name as messages say it: "CSV" or "Parquet" ("The CSV file has no column ...").</summary>
    string Format { get; }

    /// <summary>The column names, in file order.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The 1-based line of the header in a text file; null in a file whose header is not a line.</summary>
    long? HeaderLineNumber { get; }

    /// <summary>
    /// The number a message's line slot carries for the current row: the line on which a CSV record starts, the
    /// 1-based row of a columnar file (the header's line, or 0, before the first <see cref="Read"/>).
    /// </summary>
    long LineNumber { get; }

    /// <summary>The current row as messages name it: "line 12" in a CSV file, "row 12" in a columnar file.</summary>
    string Position { get; }

    /// <summary>A row as messages name it, from its <see cref="LineNumber"/> (kept from an earlier <see cref="Read"/>).</summary>
    string PositionOf(long lineNumber);

    /// <summary>The index of the column called <paramref name="name"/> (exact, case-sensitive match).</summary>
    /// <exception cref="MlOpsException">No such column; the message lists the available columns.</exception>
    int ColumnIndex(string name);

    /// <summary>Like <see cref="ColumnIndex"/>, but returns false instead of throwing.</summary>
    bool TryGetColumnIndex(string name, out int index);

    /// <summary>Advances to the next row; false at the end of the table.</summary>
    /// <exception cref="MlOpsException">The row breaks a rule of the format, naming the file and the row.</exception>
    bool Read();

    /// <summary>The value of column <paramref name="i"/> of the current row as text, valid until the next <see cref="Read"/>
    /// (empty for a missing value).</summary>
    ReadOnlySpan<char> GetSpan(int i);

    /// <summary>The value of column <paramref name="i"/> as a new string.</summary>
    string GetString(int i);

    /// <summary>True when column <paramref name="i"/> of the current row is missing (empty or only white space, or null).</summary>
    bool IsEmpty(int i);

    /// <summary>Column <paramref name="i"/> as a finite number, or NaN for a missing value (the input rules).</summary>
    /// <exception cref="MlOpsException">The value is not a finite number (<see cref="DiagnosticCatalog.NotANumber"/>).</exception>
    double GetDouble(int i);

    /// <summary>True with a finite number, or with NaN for a missing value; false when the value is not a finite number.</summary>
    bool TryGetNumber(int i, out double value);

    /// <summary>Like <see cref="TryGetNumber"/>, but infinities are numbers too.</summary>
    bool TryGetDouble(int i, out double value);

    /// <summary>The error for column <paramref name="i"/> of the current row not being a finite number, with <paramref name="fix"/>.</summary>
    /// <param name="i">The column.</param>
    /// <param name="fix">What to do, in concepts.</param>
    /// <param name="inputs">The settings the fix refers to, if any.</param>
    MlOpsException NotANumber(int i, string fix, IReadOnlyList<InputHint>? inputs = null);
}
