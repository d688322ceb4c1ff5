namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// One bin of a histogram: its label, and the share of rows that fall in it for the reference data and,
/// optionally, for the data compared against it.
/// </summary>
/// <param name="Label">The bin's label: a category, or a range such as "[19, 23)".</param>
/// <param name="ReferenceShare">The share of the reference (training) rows in the bin, 0..1.</param>
/// <param name="CurrentShare">The share of the compared rows, or null when only the baseline is shown.</param>
public sealed record HistogramBin(string Label, double ReferenceShare, double? CurrentShare = null);
