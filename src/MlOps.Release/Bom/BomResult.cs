using MlOps.Governance.Artefacts;

namespace MlOps.Release.Bom;

/// <summary>The outcome of <see cref="ModelBom.Create"/>: the verification, and the BOM when the artefact is intact.</summary>
public sealed record BomResult
{
    /// <summary>The artefact's verification; the BOM exists only when it is intact.</summary>
    public required VerificationResult Verification { get; init; }

    /// <summary>The BOM's bytes (UTF-8 JSON, two-space indented, LF), or null when the artefact is not intact.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>sha256 of the .mlpkg file the BOM describes, or null when the artefact is not intact.</summary>
    public string? FileSha256 { get; init; }

    /// <summary>How many data set components the BOM lists.</summary>
    public int DataSetCount { get; init; }

    /// <summary>How many performance metrics the model card reports.</summary>
    public int MetricCount { get; init; }
}
