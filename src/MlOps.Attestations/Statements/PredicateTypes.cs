namespace MlOps.Attestations.Statements;

/// <summary>The predicate types the product writes and reads (docs/attestations.md).</summary>
public static class PredicateTypes
{
    /// <summary>SLSA provenance v1, written by <c>dotnet build</c>.</summary>
    public const string Provenance = "https://slsa.dev/provenance/v1";

    /// <summary>An approval or rejection by a person in a role.</summary>
    public const string Approval = "https://mlopsbuild.dev/approval/v1";

    /// <summary>The release record: the gate recomputed at release time and the approvals that satisfied it.</summary>
    public const string Release = "https://mlopsbuild.dev/release/v1";

    /// <summary>A short word for <paramref name="predicateType"/> ("provenance", "approval", "release", or the URI).</summary>
    public static string Word(string predicateType) => predicateType switch
    {
        Provenance => "provenance",
        Approval => "approval",
        Release => "release",
        _ => predicateType,
    };
}
