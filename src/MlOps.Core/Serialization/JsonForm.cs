namespace MlOps.Serialization;

/// <summary>
/// The rules of one JSON form the product writes. Every form writes UTF-8 without a BOM, escapes only what JSON
/// requires (plus the fixed set System.Text.Json's relaxed encoder escapes), and is deterministic: the same node
/// gives the same bytes on every machine and runtime. The forms differ where their readers differ; the four
/// named forms are the only ones in use, and golden files pin their bytes (docs/decisions.md, "One JSON writer").
/// </summary>
public sealed record JsonForm
{
    /// <summary>Object members in ordinal key order (true) or in the order they were added (false).</summary>
    public required bool SortKeys { get; init; }

    /// <summary>Two-space indentation, LF line ends and a final LF (true), or no insignificant whitespace (false).</summary>
    public required bool Indented { get; init; }

    /// <summary>What becomes of NaN and the infinities, which JSON has no literal for.</summary>
    public required NonFiniteNumbers NonFinite { get; init; }

    /// <summary>How numbers are spelled.</summary>
    public required NumberSpelling Numbers { get; init; }

    /// <summary>
    /// manifest.json, whose sha256 is the artefact digest: sorted, compact, non-finite numbers refused, whole
    /// numbers as integers.
    /// </summary>
    public static JsonForm Manifest { get; } = new()
    {
        SortKeys = true, Indented = false, NonFinite = NonFiniteNumbers.Refuse, Numbers = NumberSpelling.IntegersFirst,
    };

    /// <summary>
    /// Documents people read and tools parse: the structured card (card/model-card.json) and <c>mlops inspect --json</c>.
    /// Members in the order the writer built them, indented, non-finite numbers refused, whole numbers as integers.
    /// </summary>
    public static JsonForm Document { get; } = new()
    {
        SortKeys = false, Indented = true, NonFinite = NonFiniteNumbers.Refuse, Numbers = NumberSpelling.IntegersFirst,
    };

    /// <summary>
    /// Evidence files (docs/evidence.md): members in the contract's order, indented, an undefined figure is
    /// <c>null</c>, numbers in their shortest round-trip form.
    /// </summary>
    public static JsonForm Evidence { get; } = new()
    {
        SortKeys = false, Indented = true, NonFinite = NonFiniteNumbers.Null, Numbers = NumberSpelling.Shortest,
    };

    /// <summary>
    /// Audit records and the inputs and outputs they digest (docs/audit-log.md): sorted, compact, NaN and the
    /// infinities as the strings "NaN", "Infinity", "-Infinity" (a model can output them and the log must keep
    /// them), every number in its shortest round-trip form, a float as the float it is (0.1f is 0.1).
    /// </summary>
    public static JsonForm Audit { get; } = new()
    {
        SortKeys = true, Indented = false, NonFinite = NonFiniteNumbers.String, Numbers = NumberSpelling.Shortest,
    };
}

/// <summary>What becomes of NaN and the infinities.</summary>
public enum NonFiniteNumbers
{
    /// <summary>Writing one is a bug: <see cref="InvalidOperationException"/>.</summary>
    Refuse,

    /// <summary>Written as <c>null</c> (an undefined figure).</summary>
    Null,

    /// <summary>Written as the strings "NaN", "Infinity" and "-Infinity".</summary>
    String,
}

/// <summary>How numbers are spelled.</summary>
public enum NumberSpelling
{
    /// <summary>
    /// Integers as integers, a double that is a whole number below 10^15 as an integer (so 2.0 is 2 and -0.0 is 0),
    /// other doubles in their shortest round-trip form, a float as the double it widens to; a number from a parsed
    /// document is read as an integer when it is one, so its digits are kept.
    /// </summary>
    IntegersFirst,

    /// <summary>
    /// Every number in the shortest form that round-trips its own type (-0.0 stays -0, 0.1f is 0.1); a number from a
    /// parsed document is read as a double unless it is a 64-bit integer.
    /// </summary>
    Shortest,
}
