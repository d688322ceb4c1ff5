namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// The chart colours: a colour-blind-safe qualitative set (Okabe and Ito 2008), so series stay apart for
/// readers with the common forms of colour blindness, plus greys for axes and grid.
/// </summary>
public static class ChartPalette
{
    /// <summary>Series colours in order of use.</summary>
    public static IReadOnlyList<string> Series { get; } =
        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    /// <summary>Axis lines and tick labels.</summary>
    public const string Axis = "#555555";

    /// <summary>Horizontal grid lines.</summary>
    public const string Grid = "#e3e3e3";

    /// <summary>Reference lines (thresholds such as the four-fifths rule).</summary>
    public const string Reference = "#D55E00";

    /// <summary>The colour of series <paramref name="index"/> (wraps around).</summary>
    public static string Of(int index) => Series[index % Series.Count];
}
