namespace MlOps.Build.Tests.Infrastructure;

/// <summary>Model card sources (Markdown with YAML front matter, docs/model-card.md) for the tests.</summary>
public static class TestCards
{
    /// <summary>A complete card for a low-risk model; <paramref name="name"/> null leaves `name:` out.</summary>
    public static string LowRisk(string? name = "credit-risk") =>
        "---\n" + (name is null ? "" : $"name: {name}\n") + """
        owners: [credit-team@example.com]
        description: Scores the probability that a loan applicant defaults.
        intendedUse: Ranking applications for manual review by a credit officer.
        licence: MIT
        risk:
          probability: rare
          severity: low
          euAiActCategory: minimal
        ---
        # Notes

        Trained on the German credit data set.

        """;

    /// <summary>Front matter whose YAML breaks at line 4, column 19 (a second ': ' in a plain value).</summary>
    public static string InvalidYaml => """
        ---
        name: broken-yaml
        owners: [credit-team@example.com]
        description: first: second
        intendedUse: testing
        ---

        """;

    /// <summary>A card without `owners`, which every risk level requires.</summary>
    public static string MissingOwners => """
        ---
        name: no-owners
        description: Scores applicants.
        intendedUse: testing
        licence: MIT
        risk:
          probability: rare
          severity: low
          euAiActCategory: minimal
        ---
        """;

    /// <summary>A card whose severity is not one of the five words; `catastrophic` is at line 9, column 13.</summary>
    public static string UnknownRiskWord => """
        ---
        name: bad-risk
        owners: [credit-team@example.com]
        description: Scores applicants.
        intendedUse: testing
        licence: MIT
        risk:
          probability: rare
          severity: catastrophic
          euAiActCategory: minimal
        ---
        """;
}
