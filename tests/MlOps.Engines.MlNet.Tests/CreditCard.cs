namespace MlOps.Engines.MlNet.Tests;

/// <summary>The model card the ML.NET packaging tests give their credit models (LF line ends).</summary>
internal static class CreditCard
{
    /// <summary>Writes the card for a model called <paramref name="name"/> to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, string name, string description, string title)
    {
        File.WriteAllText(path, $"""
            ---
            name: {name}
            owners: [Team <team@example.org>]
            description: {description}
            intendedUse: Tests.
            outOfScopeUse: Anything real.
            limitations: Toy data.
            risk:
              probability: possible
              severity: moderate
              euAiActCategory: limited
            licence: MIT
            ---
            # {title}

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }
}
