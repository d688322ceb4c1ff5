using System.Collections.Immutable;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// The sensitive attribute names of MLOPS004: the default list, or the one a project sets in
/// <c>mlops.sensitive_names</c> (which replaces the default). Each entry is a phrase of one or more words
/// written in any identifier style (<c>marital status</c>, <c>marital_status</c>, <c>MaritalStatus</c>).
/// </summary>
internal sealed class SensitiveNames
{
    public const string DefaultList = "sex, gender, race, ethnicity, religion, age, disability, nationality, marital status, pregnancy";

    public static readonly SensitiveNames Default = Parse(DefaultList);

    private readonly ImmutableArray<ImmutableArray<string>> _phrases;
    private readonly ImmutableArray<string> _entries;

    private SensitiveNames(ImmutableArray<ImmutableArray<string>> phrases, ImmutableArray<string> entries)
    {
        _phrases = phrases;
        _entries = entries;
    }

    public static SensitiveNames Parse(string value)
    {
        var phrases = ImmutableArray.CreateBuilder<ImmutableArray<string>>();
        var entries = ImmutableArray.CreateBuilder<string>();
        foreach (var raw in value.Split(','))
        {
            var words = NameTokens.Split(raw);
            if (!words.IsEmpty)
            {
                phrases.Add(words);
                entries.Add(string.Join(" ", words));
            }
        }

        return new SensitiveNames(phrases.ToImmutable(), entries.ToImmutable());
    }

    /// <summary>The matching entry (words joined by a space), or null.</summary>
    public string? Match(string identifier)
    {
        if (_phrases.IsEmpty || identifier.Length == 0)
        {
            return null;
        }

        var words = NameTokens.Split(identifier);
        for (var i = 0; i < _phrases.Length; i++)
        {
            if (NameTokens.ContainsPhrase(words, _phrases[i]))
            {
                return _entries[i];
            }
        }

        return null;
    }
}
