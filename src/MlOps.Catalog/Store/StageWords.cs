namespace MlOps.Catalog.Store;

/// <summary>
/// The one spelling of each <see cref="Stage"/> in the catalog, on the command line and in the web pages:
/// lower-case English words (<c>candidate</c>, <c>staging</c>, <c>production</c>, <c>archived</c>).
/// </summary>
public static class StageWords
{
    /// <summary>Every stage in its life order, for messages that list them.</summary>
    public static IReadOnlyList<Stage> All { get; } = [Stage.Candidate, Stage.Staging, Stage.Production, Stage.Archived];

    /// <summary>The stage's word.</summary>
    public static string Word(this Stage stage) => stage switch
    {
        Stage.Candidate => "candidate",
        Stage.Staging => "staging",
        Stage.Production => "production",
        Stage.Archived => "archived",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a stage"),
    };

    /// <summary>Reads a stage word (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? word, out Stage stage)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(word?.Trim(), candidate.Word(), StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }
        stage = default;
        return false;
    }
}
