namespace MlOps.Distribution.Oci;

/// <summary>The media types and annotation keys of an MlOpsBuild model in an OCI registry (docs/distribution.md).</summary>
public static class OciMediaTypes
{
    /// <summary>An OCI image manifest (v1.1: with artifactType and subject).</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>An OCI image index (the referrers list, by the API or the fallback tag).</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>The artifactType of the manifest that carries an .mlpkg.</summary>
    public const string ModelArtifact = "application/vnd.mlopsbuild.model.v1";

    /// <summary>The one layer of a model manifest: the .mlpkg file, byte for byte (a deterministic ZIP).</summary>
    public const string ModelLayer = "application/vnd.mlopsbuild.mlpkg.v1+zip";

    /// <summary>The config blob of a model manifest: a CNCF ModelPack model configuration.</summary>
    public const string ModelConfig = "application/vnd.cncf.model.config.v1+json";

    /// <summary>The artifactType of the referrer that carries the attestation bundle.</summary>
    public const string AttestationsArtifact = "application/vnd.mlopsbuild.attestations.v1";

    /// <summary>The one layer of an attestations referrer: the &lt;artefact&gt;.intoto.jsonl bundle, byte for byte.</summary>
    public const string AttestationsLayer = "application/vnd.mlopsbuild.intoto.v1+jsonl";

    /// <summary>The OCI empty descriptor's media type (the config of a referrer that needs none).</summary>
    public const string Empty = "application/vnd.oci.empty.v1+json";

    /// <summary>The content of the empty blob: the two bytes <c>{}</c>.</summary>
    public static ReadOnlySpan<byte> EmptyContent => "{}"u8;

    /// <summary>The file name of a blob (OCI pre-defined annotation).</summary>
    public const string TitleAnnotation = "org.opencontainers.image.title";

    /// <summary>The model's version.</summary>
    public const string VersionAnnotation = "org.opencontainers.image.version";

    /// <summary>When the artefact was built (its reproducible clock, RFC 3339).</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>The source control revision the artefact was built from.</summary>
    public const string RevisionAnnotation = "org.opencontainers.image.revision";

    /// <summary>The SHA-256 of the artefact's canonical manifest.json (the digest `mlops verify` prints).</summary>
    public const string ArtefactDigestAnnotation = "vnd.mlopsbuild.artefact.digest";
}
