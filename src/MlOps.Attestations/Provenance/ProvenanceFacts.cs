using MlOps.Attestations.Statements;

namespace MlOps.Attestations.Provenance;

/// <summary>
/// Everything a provenance statement says about one build of one artefact. Paths are as the artefact's manifest
/// records them (relative to the repository with '/', else the bare file name), so that two machines building the
/// same commit write the same statement.
/// </summary>
public sealed record ProvenanceFacts
{
    /// <summary>The artefact built: its file name and the SHA-256 of the file.</summary>
    public required Subject Artefact { get; init; }

    /// <summary>The project that declared the model (externalParameters.project).</summary>
    public required string Project { get; init; }

    /// <summary>The MlModel item as the project declared it (externalParameters.mlModel).</summary>
    public required ModelItemParameters MlModel { get; init; }

    /// <summary>The source revision, when the project is in a git repository with a commit.</summary>
    public SourceRevision? Source { get; init; }

    /// <summary>The files the build read, with their SHA-256 (model, card, data sets, evidence), in a stable order.</summary>
    public IReadOnlyList<BuildMaterial> Materials { get; init; } = [];

    /// <summary>Tool name to version (MlOps.Build, msbuild, dotnet-sdk, MlOps.Governance): runDetails.builder.version.</summary>
    public IReadOnlyDictionary<string, string> BuilderVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>The reproducible clock of the build (Unix seconds): startedOn and finishedOn.</summary>
    public required long SourceDateEpoch { get; init; }
}

/// <summary>An MlModel item's declaration, paths as recorded.</summary>
/// <param name="Include">The ONNX model the item includes.</param>
/// <param name="Name">The model name the artefact carries.</param>
/// <param name="Version">The version the artefact carries.</param>
/// <param name="Card">The card source, if declared.</param>
/// <param name="TrainingData">The training data sets.</param>
/// <param name="EvaluationData">The evaluation data sets.</param>
/// <param name="EvidenceDirectory">The evidence folder, if declared.</param>
public sealed record ModelItemParameters(string Include, string Name, string Version, string? Card,
    IReadOnlyList<string> TrainingData, IReadOnlyList<string> EvaluationData, string? EvidenceDirectory);

/// <summary>The git revision a build was made from.</summary>
/// <param name="RepositoryUrl">The repository's URL (credentials removed), or null when it has no known remote.</param>
/// <param name="Commit">The commit id (40 hex digits).</param>
/// <param name="Dirty">True when tracked files differed from the commit: then the commit does not fully describe the source.</param>
public sealed record SourceRevision(string? RepositoryUrl, string Commit, bool Dirty);

/// <summary>One file a build read.</summary>
/// <param name="Name">The recorded path.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the file.</param>
/// <param name="Role">What it was for: model, card, training-data, evaluation-data or evidence.</param>
public sealed record BuildMaterial(string Name, string Sha256, string Role);
