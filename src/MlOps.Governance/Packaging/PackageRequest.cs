namespace MlOps.Governance.Packaging;

/// <summary>The inputs of <see cref="MlPackageBuilder.Build"/>. Relative paths are resolved against the current directory.</summary>
public sealed record PackageRequest
{
    /// <summary>The ONNX model as trained (MLOPS101 missing, MLOPS102 not ONNX, MLOPS103 truncated).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The card source: Markdown with YAML front matter (MLOPS104..107).</summary>
    public required string CardPath { get; init; }

    /// <summary>Overrides the name; default: the card's <c>name</c>, else the model file name without extension.</summary>
    public string? Name { get; init; }

    /// <summary>The SemVer 2 version (the project's Version); when null or empty, the card's <c>version</c> (MLOPS108).</summary>
    public string? Version { get; init; }

    /// <summary>Training data files (MLOPS109 when one is missing). Digested; rows counted for .csv.</summary>
    public IReadOnlyList<string> TrainingData { get; init; } = [];

    /// <summary>Evaluation data files (MLOPS109 when one is missing).</summary>
    public IReadOnlyList<string> EvaluationData { get; init; } = [];

    /// <summary>Folder of evidence files (*.json, MLOPS110/111); null or a missing folder means no evidence.</summary>
    public string? EvidenceDirectory { get; init; }

    /// <summary>Where the .mlpkg, its .sha256 sidecar and the rendered card go (created if missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// The policy file the gate is meant to apply (the build's; "" for the built-in policy), or null when the caller does
    /// not know it. Gate evidence judged under another policy (its <c>policy.sha256</c> differs) is stale: the card says
    /// so and <see cref="PackageResult.StaleGate"/> is set. The risk is compared whatever this says.
    /// </summary>
    public string? PolicyPath { get; init; }

    /// <summary>The timestamp inside the artefact; default: env SOURCE_DATE_EPOCH, else the commit time, else 1980-01-01.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>The repository root for lineage and relative data paths; default: git's top level of the model's folder.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Tool name to version, recorded in the lineage (for example "dotnet-sdk" → "10.0.100").</summary>
    public IReadOnlyDictionary<string, string> ToolVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>Test seam: the MlOps.Governance version recorded in the lineage (default: this assembly's version), so
    /// golden-file tests can pin artefact bytes across commits.</summary>
    internal string? GovernanceVersion { get; init; }
}
