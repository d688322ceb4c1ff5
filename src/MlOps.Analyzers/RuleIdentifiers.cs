namespace MlOps.Analyzers;

/// <summary>
/// The analyzer rule IDs and their help links, in one place: descriptors, code fixes, docs and tests
/// all read from here so a rule cannot ship without a page.
/// </summary>
public static class RuleIdentifiers
{
    /// <summary>Inference without governance logging.</summary>
    public const string InferenceWithoutLogging = "MLOPS001";

    /// <summary>Model loaded without integrity verification.</summary>
    public const string UnverifiedModelLoad = "MLOPS002";

    /// <summary>Audit record without model identity.</summary>
    public const string AuditRecordWithoutIdentity = "MLOPS003";

    /// <summary>Sensitive attribute used as a model input.</summary>
    public const string SensitiveModelInput = "MLOPS004";

    /// <summary>Inference failure swallowed.</summary>
    public const string SwallowedInferenceFailure = "MLOPS005";

    /// <summary>The diagnostic category of every rule.</summary>
    public const string Category = "MlOps.Governance";

    /// <summary>Every rule ID, in order.</summary>
    public static readonly string[] All =
    {
        InferenceWithoutLogging,
        UnverifiedModelLoad,
        AuditRecordWithoutIdentity,
        SensitiveModelInput,
        SwallowedInferenceFailure,
    };

    /// <summary>The documentation page of a rule.</summary>
    public static string HelpLink(string id) => MlOps.Diagnostics.HelpLinks.Of(id);
}
