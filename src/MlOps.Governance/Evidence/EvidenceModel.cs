using MlOps.Governance.Artefacts;
using MlOps.Governance.Hashing;
using MlOps.Onnx;
using MlOps.Diagnostics;
using MlOps.Hashing;

namespace MlOps.Governance.Evidence;

/// <summary>
/// The model an evidence file is about: its ONNX bytes (from an .onnx file or the model member of an .mlpkg)
/// and its source digest (ONNX metadata <c>mlops.digest.source</c> when present, else the sha256 of the ONNX bytes).
/// </summary>
public sealed class EvidenceModel
{
    /// <summary>The metadata key that holds the digest of the model as trained.</summary>
    public const string SourceDigestKey = SourceModelDigest.MetadataKey;

    private EvidenceModel(string path, byte[] onnxBytes, OnnxModel model, string sourceSha256)
    {
        Path = path;
        OnnxBytes = onnxBytes;
        Model = model;
        SourceSha256 = sourceSha256;
    }

    /// <summary>The path given (an .onnx or .mlpkg).</summary>
    public string Path { get; }

    /// <summary>The ONNX bytes.</summary>
    public byte[] OnnxBytes { get; }

    /// <summary>The parsed model.</summary>
    public OnnxModel Model { get; }

    /// <summary>The digest evidence files record as <c>modelSha256</c>.</summary>
    public string SourceSha256 { get; }

    /// <summary>sha256 of the ONNX bytes themselves (differs from <see cref="SourceSha256"/> once metadata was added).</summary>
    public string OnnxSha256 => Sha256Hex.Of(OnnxBytes);

    /// <summary>Loads an .onnx file or the model of an .mlpkg artefact.</summary>
    /// <exception cref="MlOpsException">Missing file (MLOPS101), not ONNX (MLOPS102), a bad artefact (MLOPS112…).</exception>
    public static EvidenceModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"Model file '{path}' does not exist.", path,
                fix: "Check the path; pass an .onnx model or a packaged .mlpkg artefact.", diagnostic: DiagnosticCatalog.ModelMissing);
        }
        byte[] bytes;
        string source = path;
        if (IsZip(path))
        {
            // Through the artefact reader: the member is checked against the manifest (MLOPS119 when tampered).
            using var package = MlPackageReader.Open(path);
            bytes = package.ReadModelBytes();
            source = $"{path}!{ArtefactPaths.Model}";
        }
        else
        {
            bytes = File.ReadAllBytes(path);
        }
        var model = OnnxModel.Parse(bytes, source);
        return new EvidenceModel(path, bytes, model, SourceModelDigest.Of(model, bytes));
    }

    /// <summary>The source digest of the model at <paramref name="path"/>.</summary>
    public static string DigestOf(string path) => Load(path).SourceSha256;

    /// <summary>True when the file starts with a ZIP local header (an .mlpkg), whatever its extension.</summary>
    public static bool IsZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
}
