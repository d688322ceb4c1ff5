using MlOps.Diagnostics;

namespace MlOps.Governance.Tabular;

/// <summary>
/// The input rules for values read as text, shared by every <see cref="ITableReader"/> so that a number written as
/// text reads the same in every format (docs/input-rules.md).
/// </summary>
public static class TableValues
{
    /// <summary>
    /// Parses <paramref name="text"/> as any double, infinities included (<c>inf</c>, <c>1e400</c>); empty text,
    /// <c>NaN</c> and <c>NA</c> give NaN and true. False when the text is not a number.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<char> text, out double value) =>
        FastDouble.TryParse(text, out value) || CsvReader.TryParseSlow(text, out value);

    /// <summary>
    /// The error for column <paramref name="i"/> of <paramref name="reader"/>'s current row not being a finite number
    /// (<see cref="DiagnosticCatalog.NotANumber"/>), naming the file, the row (or line), the column and the text.
    /// </summary>
    /// <param name="reader">The reader, on the row at fault.</param>
    /// <param name="i">The column.</param>
    /// <param name="fix">What to do, in concepts.</param>
    /// <param name="inputs">The settings the fix refers to, if any.</param>
    public static MlOpsException NotANumber(ITableReader reader, int i, string fix, IReadOnlyList<InputHint>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = reader.GetSpan(i);
        var shown = text.Length > 40 ? string.Concat(text[..40], "...") : new string(text);
        var what = !TryParseDouble(text, out var parsed) ? "is not a number" : double.IsInfinity(parsed) ? "is not a finite number" : "is out of range";
        return new MlOpsException($"Column '{reader.Header[i]}' on {reader.Position} {what}: '{shown}'.",
            reader.Path, reader.LineNumber, fix, DiagnosticCatalog.NotANumber, column: i + 1, inputs: inputs);
    }
}
