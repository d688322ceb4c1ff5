using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Models;
using MlOps.Hashing;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Scoring;

/// <summary>
/// The model a stage works with, given as an .onnx file or as the packaged model of an .mlpkg artefact: its ONNX
/// bytes, the parsed model and its source digest (<see cref="SourceModelDigest"/>, the <c>modelSha256</c> evidence
/// records). Every stage opens its model here, so scoring and evidence agree on which model a path means.
/// </summary>
public sealed class ModelFile
{
    private ModelFile(string path, string source, byte[] onnxBytes, OnnxModel model, string? artefactDigest)
    {
        Path = path;
        Source = source;
        OnnxBytes = onnxBytes;
        Model = model;
        ArtefactDigest = artefactDigest;
        SourceSha256 = SourceModelDigest.Of(model, onnxBytes);
    }

    /// <summary>The path given (an .onnx or .mlpkg).</summary>
    public string Path { get; }

    /// <summary>How messages name the ONNX model: the path, or <c>artefact.mlpkg!model/model.onnx</c>.</summary>
    public string Source { get; }

    /// <summary>Whether the path is an .mlpkg artefact.</summary>
    public bool IsArtefact => ArtefactDigest is not null;

    /// <summary>The artefact digest (sha256 of its manifest.json) when the path is an .mlpkg; null for an .onnx file.</summary>
    public string? ArtefactDigest { get; }

    /// <summary>The ONNX bytes.</summary>
    public byte[] OnnxBytes { get; }

    /// <summary>The parsed model.</summary>
    public OnnxModel Model { get; }

    /// <summary>The digest evidence files record as <c>modelSha256</c>.</summary>
    public string SourceSha256 { get; }

    /// <summary>sha256 of the ONNX bytes themselves (differs from <see cref="SourceSha256"/> once metadata was added).</summary>
    public string OnnxSha256 => Sha256Hex.Of(OnnxBytes);

    /// <summary>
    /// Opens an .onnx file or the model of an .mlpkg artefact (recognised by its extension or by the ZIP signature,
    /// whatever the extension). The artefact's model member is checked against its manifest.
    /// </summary>
    /// <exception cref="MlOpsException">Missing file (MLOPS101), not ONNX (MLOPS102), a bad artefact (MLOPS112, MLOPS119).</exception>
    public static ModelFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The model file '{path}' does not exist.", path,
                fix: "Check the path of the model (an .onnx file or an .mlpkg artefact).", diagnostic: DiagnosticCatalog.ModelMissing,
                inputs: [UserInputs.Model]);
        }
        if (path.EndsWith(ArtefactPaths.Extension, StringComparison.OrdinalIgnoreCase) || MlPackageReader.LooksLikeArchive(path))
        {
            // Through the artefact reader: the member is checked against the manifest (MLOPS119 when tampered).
            using var package = MlPackageReader.Open(path);
            var bytes = package.ReadModelBytes();
            var source = $"{path}!{ArtefactPaths.Model}";
            return new ModelFile(path, source, bytes, OnnxModel.Parse(bytes, source), package.Digest);
        }
        var onnx = File.ReadAllBytes(path);
        return new ModelFile(path, path, onnx, OnnxModel.Parse(onnx, path), artefactDigest: null);
    }

    /// <summary>
    /// The model of an artefact that was verified already (<see cref="MlPackageVerifier"/>): <paramref name="modelBytes"/>
    /// is its model member, <paramref name="artefactDigest"/> its manifest digest.
    /// </summary>
    /// <exception cref="MlOpsException">The member is not a model this version can read.</exception>
    public static ModelFile FromVerifiedArtefact(string path, byte[] modelBytes, string artefactDigest)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(modelBytes);
        var source = $"{path}!{ArtefactPaths.Model}";
        return new ModelFile(path, source, modelBytes, OnnxModel.Parse(modelBytes, source), artefactDigest);
    }

    /// <summary>The source digest of the model at <paramref name="path"/>.</summary>
    public static string DigestOf(string path) => Open(path).SourceSha256;

    /// <summary>A session of the managed evaluator for this model.</summary>
    /// <exception cref="MlOpsException">The model uses something the evaluator does not support.</exception>
    public InferenceSession CreateSession() => InferenceSession.Create(Model, Source);
}
