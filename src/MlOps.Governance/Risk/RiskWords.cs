using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Governance.Risk;

/// <summary>
/// The words of the risk vocabulary, as cards and manifests spell them ("very likely", "very major",
/// "high-risk"), and a tolerant parser: case-insensitive, with '-', '_' and runs of spaces treated alike.
/// </summary>
public static class RiskWords
{
    /// <summary>Probability words, least to most likely.</summary>
    public static IReadOnlyList<string> ProbabilityWords { get; } = ["rare", "unlikely", "possible", "likely", "very likely"];

    /// <summary>Severity words, least to most severe.</summary>
    public static IReadOnlyList<string> SeverityWords { get; } = ["very low", "low", "moderate", "major", "very major"];

    /// <summary>Level words, lowest to highest.</summary>
    public static IReadOnlyList<string> LevelWords { get; } = ["low", "medium", "high", "severe"];

    /// <summary>EU AI Act category words, least to most restricted.</summary>
    public static IReadOnlyList<string> EuAiActWords { get; } = ["minimal", "limited", "high-risk", "unacceptable"];

    /// <summary>The canonical word for a probability.</summary>
    public static string Of(RiskProbability value) => ProbabilityWords[(int)value - 1];

    /// <summary>The canonical word for a severity.</summary>
    public static string Of(RiskSeverity value) => SeverityWords[(int)value - 1];

    /// <summary>The canonical word for a level.</summary>
    public static string Of(RiskLevel value) => LevelWords[(int)value - 1];

    /// <summary>The canonical word for an EU AI Act category.</summary>
    public static string Of(EuAiActCategory value) => EuAiActWords[(int)value - 1];

    /// <summary>Parses a probability word or returns null.</summary>
    public static RiskProbability? TryProbability(string? word) => Find(word, ProbabilityWords) is { } i ? (RiskProbability)(i + 1) : null;

    /// <summary>Parses a severity word or returns null.</summary>
    public static RiskSeverity? TrySeverity(string? word) => Find(word, SeverityWords) is { } i ? (RiskSeverity)(i + 1) : null;

    /// <summary>Parses a level word or returns null.</summary>
    public static RiskLevel? TryLevel(string? word) => Find(word, LevelWords) is { } i ? (RiskLevel)(i + 1) : null;

    /// <summary>Parses an EU AI Act category word or returns null.</summary>
    public static EuAiActCategory? TryEuAiAct(string? word) => Find(word, EuAiActWords) is { } i ? (EuAiActCategory)(i + 1) : null;

    /// <summary>Parses a probability word or throws MLOPS107 listing the allowed words.</summary>
    public static RiskProbability Probability(string? word, string? file = null, long? line = null, long? column = null) =>
        TryProbability(word) ?? throw Unknown(word, "risk.probability", ProbabilityWords, file, line, column);

    /// <summary>Parses a severity word or throws MLOPS107 listing the allowed words.</summary>
    public static RiskSeverity Severity(string? word, string? file = null, long? line = null, long? column = null) =>
        TrySeverity(word) ?? throw Unknown(word, "risk.severity", SeverityWords, file, line, column);

    /// <summary>Parses an EU AI Act category word or throws MLOPS107 listing the allowed words.</summary>
    public static EuAiActCategory EuAiAct(string? word, string? file = null, long? line = null, long? column = null) =>
        TryEuAiAct(word) ?? throw Unknown(word, "risk.euAiActCategory", EuAiActWords, file, line, column);

    /// <summary>Parses a level word or throws MLOPS107 listing the allowed words.</summary>
    public static RiskLevel Level(string? word, string? file = null, long? line = null, long? column = null) =>
        TryLevel(word) ?? throw Unknown(word, "risk level", LevelWords, file, line, column);

    /// <summary>Lower-case, '-' '_' and whitespace runs folded to one space, trimmed.</summary>
    public static string Normalize(string word)
    {
        var sb = new StringBuilder(word.Length);
        var pendingSpace = false;
        foreach (var c in word)
        {
            if (c is '-' or '_' || char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static int? Find(string? word, IReadOnlyList<string> words)
    {
        if (word is null)
        {
            return null;
        }
        var normalized = Normalize(word);
        for (var i = 0; i < words.Count; i++)
        {
            if (Normalize(words[i]) == normalized)
            {
                return i;
            }
        }
        return null;
    }

    private static MlOpsException Unknown(string? word, string field, IReadOnlyList<string> allowed, string? file, long? line, long? column) =>
        new($"Unknown {field} '{word}'. Allowed: {string.Join(", ", allowed.Select(w => $"'{w}'"))}.",
            file: file, line: line, column: column,
            fix: $"Write one of {string.Join(", ", allowed)} (case, '-', '_' and spaces are interchangeable).",
            diagnostic: DiagnosticCatalog.UnknownRiskWord);
}
