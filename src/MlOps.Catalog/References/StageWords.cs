using MlOps.Catalog.Store;

namespace MlOps.Catalog.References;

/// <summary>The words of the stages, as references, the command line, the JSON output and the web pages write them.</summary>
public static class StageWords
{
    /// <summary>Every stage word, in life order: candidate, staging, production, archived.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<Stage>().Select(Of)];

    /// <summary>"candidate", "staging", "production" or "archived".</summary>
    public static string Of(Stage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>The stage a word names (case-insensitive), or null.</summary>
    public static Stage? TryParse(string? word) =>
        Enum.GetValues<Stage>().Select(s => (Stage?)s).FirstOrDefault(s => string.Equals(Of(s!.Value), word, StringComparison.OrdinalIgnoreCase));
}
