using System.Globalization;
using MlOps.Governance.Lineage;
using MlOps.Governance.Risk;
using MlOps.Serialization;

namespace MlOps.Governance.Cards;

/// <summary>Formatting shared by the three card renderers, so they agree to the character.</summary>
internal static class CardFacts
{
    public static string Title(CardDocument card) => $"Model card: {card.Name} {card.Version}";

    public static string Timestamp(long unixSeconds) => UtcTime.FromUnixSeconds(unixSeconds);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Rows(long? rows) => rows is { } r ? Number(r) : "n/a";

    public static string Commit(CardDocument card) => card.Lineage.Lineage.Commit
        ?? (LineageWords.InRepositoryWithoutCommits(card.Lineage.Lineage.Commit, card.Lineage.Lineage.Dirty) ? LineageWords.NoCommitYet : "not in a git repository");

    /// <summary>The build timestamp, with the reason when it is the reproducible clock's 1980 floor.</summary>
    public static string BuildTimestamp(CardDocument card) => Timestamp(card.Lineage.Lineage.SourceDateEpoch)
        + (LineageWords.ClockNote(card.Lineage.Lineage.SourceDateEpoch, card.Lineage.Lineage.Commit) is { } note ? $" ({note})" : "");

    public static string Dirty(CardDocument card) => card.Lineage.Lineage.Dirty switch
    {
        true => "yes (uncommitted changes to tracked files)",
        false => "no",
        null => "n/a",
    };

    public static string RiskLine(RiskAssessment risk) =>
        $"{RiskWords.Of(risk.Level)} (probability {RiskWords.Of(risk.Probability)} × severity {RiskWords.Of(risk.Severity)}; EU AI Act: {RiskWords.Of(risk.EuAiActCategory)})";

    /// <summary>The author's text sections, in card order, with their headings; absent ones are skipped.</summary>
    public static IEnumerable<(string Heading, string Text)> AuthorSections(CardSource source)
    {
        var sections = new (string, string?)[]
        {
            ("Intended use", source.IntendedUse),
            ("Out-of-scope use", source.OutOfScopeUse),
            ("Limitations", source.Limitations),
            ("Ethical considerations", source.EthicalConsiderations),
            ("Human oversight", source.HumanOversight),
        };
        foreach (var (heading, text) in sections)
        {
            if (text is not null)
            {
                yield return (heading, text);
            }
        }
    }
}
