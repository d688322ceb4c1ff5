using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards;

/// <summary>
/// The one order of evidence kinds in a card: first the kinds a reviewer decides on (the gate's requirements, then
/// the model's metrics, fairness, explanations, data quality, robustness, the changes since the champion and how it
/// was trained), then the supporting kinds whose long tables and histograms fold away, then kinds this version does
/// not know, by name. The card renderers ask this class; no renderer places itself.
/// </summary>
public static class EvidenceOrder
{
    /// <summary>The kinds a release decision rests on, in reading order.</summary>
    public static IReadOnlyList<string> Decision { get; } =
    [
        EvidenceKinds.Gate, EvidenceKinds.Evaluation, EvidenceKinds.Fairness, EvidenceKinds.Explanations,
        EvidenceKinds.DataQuality, EvidenceKinds.Robustness, EvidenceKinds.Changes, EvidenceKinds.Training,
    ];

    /// <summary>The kinds that support the decision with long profiles (drift, rebuilds), in reading order.</summary>
    public static IReadOnlyList<string> Supporting { get; } =
    [
        EvidenceKinds.DriftReport, EvidenceKinds.Reproducibility, EvidenceKinds.DriftBaseline,
    ];

    /// <summary>Whether <paramref name="kind"/> belongs to the decision part of the card.</summary>
    public static bool IsDecision(string kind) => Decision.Contains(kind, StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="evidence"/> in card order: decision kinds, supporting kinds, then unknown kinds by name
    /// (a kind added to the contract before it is placed here renders in the supporting part: being new is no reason to lead).
    /// </summary>
    public static IReadOnlyList<EvidenceFile> Sort(IEnumerable<EvidenceFile> evidence) =>
        evidence.OrderBy(e => Rank(e.Kind)).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();

    /// <summary>Kinds in card order (the order <see cref="Sort"/> uses).</summary>
    public static IReadOnlyList<string> SortKinds(IEnumerable<string> kinds) =>
        kinds.OrderBy(Rank).ThenBy(k => k, StringComparer.Ordinal).ToList();

    private static int Rank(string kind)
    {
        var decision = IndexOf(Decision, kind);
        if (decision >= 0)
        {
            return decision;
        }
        var supporting = IndexOf(Supporting, kind);
        return supporting >= 0 ? Decision.Count + supporting : int.MaxValue;
    }

    private static int IndexOf(IReadOnlyList<string> kinds, string kind)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (string.Equals(kinds[i], kind, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
