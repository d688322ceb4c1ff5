namespace MlOps.Governance.Artefacts;

/// <summary>The member paths of an .mlpkg (format v1), and the markers around them.</summary>
public static class ArtefactPaths
{
    /// <summary>The manifest; its sha256 is the artefact digest.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The packaged model when it is ONNX (format "onnx").</summary>
    public const string Model = "model/model.onnx";

    /// <summary>The packaged model when it is an ML.NET model (format "mlnet").</summary>
    public const string MlNetModel = "model/model.zip";

    /// <summary>The model member of an artefact whose manifest says <paramref name="format"/> (<see cref="Models.ModelFormats"/>).</summary>
    public static string ModelFor(string format) => format == Models.ModelFormats.MlNet ? MlNetModel : Model;

    /// <summary>The rendered card, Markdown.</summary>
    public const string CardMarkdown = "card/model-card.md";

    /// <summary>The rendered card, HTML.</summary>
    public const string CardHtml = "card/model-card.html";

    /// <summary>The structured card.</summary>
    public const string CardJson = "card/model-card.json";

    /// <summary>The folder of evidence members (evidence/&lt;kind&gt;.json).</summary>
    public const string EvidencePrefix = "evidence/";

    /// <summary>The manifest schema id of format v1.</summary>
    public const string ManifestSchema = "mlops.manifest/v1";

    /// <summary>The archive comment starts with this; the artefact digest follows ("mlops.mlpkg/v1 sha256:&lt;hex&gt;").</summary>
    public const string CommentMarker = "mlops.mlpkg/v1";

    /// <summary>The file extension of artefacts.</summary>
    public const string Extension = ".mlpkg";

    /// <summary>The sidecar suffix appended to the artefact's file name.</summary>
    public const string SidecarSuffix = ".sha256";

    /// <summary>The archive comment recording <paramref name="digest"/>.</summary>
    public static string Comment(string digest) => $"{CommentMarker} sha256:{digest}";

    /// <summary>The digest an archive comment records, or null when it is not an artefact comment.</summary>
    public static string? DigestFromComment(string comment)
    {
        var prefix = CommentMarker + " sha256:";
        return comment.StartsWith(prefix, StringComparison.Ordinal) ? comment[prefix.Length..].Trim() : null;
    }
}
