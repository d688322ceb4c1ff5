namespace MlOps.Governance.Cards.Charts;

/// <summary>One series of a grouped bar chart: a name and one value per category (null: undefined, drawn as "n/a").</summary>
/// <param name="Name">The legend text, e.g. "selection rate".</param>
/// <param name="Values">One value per category, in the chart's category order.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>A horizontal reference line across a bar chart, e.g. a threshold.</summary>
/// <param name="Value">Where the line is, on the value axis.</param>
/// <param name="Label">What it means.</param>
public sealed record ReferenceLine(double Value, string Label);
