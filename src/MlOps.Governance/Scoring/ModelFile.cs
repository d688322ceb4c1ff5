using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Models;
using MlOps.Hashing;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Scoring;

/// <summary>
/// The model a stage works with, given as an .onnx file, an ML.NET model (.zip) or as the packaged model of an .mlpkg
/// artefact: its format, its bytes, what can be read of it (the parsed ONNX model, or the ML.NET model's schema) and
/// its source digest (<see cref="SourceModelDigest"/>, the <c>modelSha256</c> evidence records). Every stage opens its
/// model here, so scoring and evidence agree on which model a path means.
/// </summary>
/// <remarks>
/// What only an ONNX model has (<see cref="Model"/>, <see cref="OnnxBytes"/>, the managed evaluator's
/// <see cref="CreateSession"/>) refuses an ML.NET model with an MLOPS error that says what to do, so a caller that
/// needs ONNX never meets a null.
/// </remarks>
public sealed class ModelFile
{
    private readonly OnnxModel? _onnx;

    private ModelFile(string path, string source, byte[] bytes, string? artefactDigest, string format)
    {
        Path = path;
        Source = source;
        Bytes = bytes;
        ArtefactDigest = artefactDigest;
        Format = format;
        if (Format == ModelFormats.MlNet)
        {
            MlNet = MlNetModel.Read(bytes, source);
            Description = ModelDescription.Of(MlNet);
            SourceSha256 = SourceModelDigest.Of(MlNet, bytes);
        }
        else
        {
            _onnx = OnnxModel.Parse(bytes, source);
            Description = ModelDescription.Of(_onnx);
            SourceSha256 = SourceModelDigest.Of(_onnx, bytes);
        }
    }

    /// <summary>The path given (an .onnx, a .zip or an .mlpkg).</summary>
    public string Path { get; }

    /// <summary>How messages name the model: the path, or <c>artefact.mlpkg!model/model.onnx</c> (<c>model/model.zip</c>).</summary>
    public string Source { get; }

    /// <summary>The model format: <see cref="ModelFormats.Onnx"/> or <see cref="ModelFormats.MlNet"/>.</summary>
    public string Format { get; }

    /// <summary>Whether the model is an ML.NET model (.zip).</summary>
    public bool IsMlNet => Format == ModelFormats.MlNet;

    /// <summary>Whether the path is an .mlpkg artefact.</summary>
    public bool IsArtefact => ArtefactDigest is not null;

    /// <summary>The artefact digest (sha256 of its manifest.json) when the path is an .mlpkg; null for a bare model file.</summary>
    public string? ArtefactDigest { get; }

    /// <summary>The model's bytes as given or packaged (ONNX, or the ML.NET .zip).</summary>
    public byte[] Bytes { get; }

    /// <summary>sha256 of <see cref="Bytes"/> (differs from <see cref="SourceSha256"/> once metadata was added).</summary>
    public string BytesSha256 => Sha256Hex.Of(Bytes);

    /// <summary>The model's format and signature, as the manifest and the card describe it.</summary>
    public ModelDescription Description { get; }

    /// <summary>What was read of an ML.NET model without ML.NET; null for ONNX.</summary>
    public MlNetModel? MlNet { get; }

    /// <summary>The ONNX bytes.</summary>
    /// <exception cref="MlOpsException">MLOPS158: the model is an ML.NET model.</exception>
    public byte[] OnnxBytes => _onnx is null ? throw NeedsOnnx() : Bytes;

    /// <summary>The parsed ONNX model.</summary>
    /// <exception cref="MlOpsException">MLOPS158: the model is an ML.NET model.</exception>
    public OnnxModel Model => _onnx ?? throw NeedsOnnx();

    /// <summary>The digest evidence files record as <c>modelSha256</c>.</summary>
    public string SourceSha256 { get; }

    /// <summary>sha256 of the ONNX bytes themselves (differs from <see cref="SourceSha256"/> once metadata was added).</summary>
    /// <exception cref="MlOpsException">MLOPS158: the model is an ML.NET model.</exception>
    public string OnnxSha256 => Sha256Hex.Of(OnnxBytes);

    /// <summary>The model's metadata value for <paramref name="key"/> (ONNX metadata_props, or an ML.NET model's <c>MlOps/</c> entries), or null.</summary>
    public string? Metadata(string key) => _onnx is not null ? _onnx.Metadata(key) : MlNet!.Metadata(key);

    /// <summary>
    /// Opens an .onnx file, an ML.NET model (.zip) or the model of an .mlpkg artefact. An artefact is recognised by its
    /// extension or, whatever the extension, by being a ZIP archive that is not an ML.NET model; an ML.NET model by the
    /// .zip extension or its transformer chain. The artefact's model member is checked against its manifest.
    /// </summary>
    /// <exception cref="MlOpsException">Missing file (MLOPS101), not ONNX (MLOPS102), not an ML.NET model (MLOPS147), a bad artefact (MLOPS112, MLOPS119).</exception>
    public static ModelFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The model file '{path}' does not exist.", path,
                fix: "Check the path of the model (an .onnx file, an ML.NET .zip or an .mlpkg artefact).", diagnostic: DiagnosticCatalog.ModelMissing,
                inputs: [UserInputs.Model]);
        }
        var isArtefact = path.EndsWith(ArtefactPaths.Extension, StringComparison.OrdinalIgnoreCase);
        if (!isArtefact && (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || MlPackageReader.LooksLikeArchive(path)))
        {
            var bytes = File.ReadAllBytes(path);
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || MlNetModel.Recognises(bytes))
            {
                // Read as ML.NET whatever the bytes: a .zip that is no ML.NET model (or no ZIP archive at all) stops with
                // MLOPS147 naming what it lacks, rather than with ONNX parsing's MLOPS102.
                return new ModelFile(path, path, bytes, artefactDigest: null, ModelFormats.MlNet);
            }
            isArtefact = true;
        }
        if (isArtefact)
        {
            // Through the artefact reader: the member is checked against the manifest (MLOPS119 when tampered).
            using var package = MlPackageReader.Open(path);
            var bytes = package.ReadModelBytes();
            return new ModelFile(path, $"{path}!{package.ModelMember}", bytes, package.Digest, ModelFormats.Of(bytes));
        }
        var model = File.ReadAllBytes(path);
        return new ModelFile(path, path, model, artefactDigest: null, ModelFormats.Of(model));
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
        var format = ModelFormats.Of(modelBytes);
        return new ModelFile(path, $"{path}!{ArtefactPaths.ModelFor(format)}", modelBytes, artefactDigest, format);
    }

    /// <summary>The source digest of the model at <paramref name="path"/>.</summary>
    public static string DigestOf(string path) => Open(path).SourceSha256;

    /// <summary>A session of the managed evaluator for this model.</summary>
    /// <exception cref="MlOpsException">The model uses something the evaluator does not support; MLOPS149 for an ML.NET model.</exception>
    public InferenceSession CreateSession() => _onnx is not null
        ? InferenceSession.Create(_onnx, Source)
        : throw EngineCannotRun(InferenceSession.EngineName);

    /// <summary>MLOPS149: the engine <paramref name="engine"/> scores ONNX models and this is an ML.NET model.</summary>
    public MlOpsException EngineCannotRun(string engine) =>
        new($"The scoring engine '{engine}' runs ONNX models, and '{Source}' is an ML.NET model.", Source,
            fix: "Score the ML.NET model with the mlnet engine (the default for an ML.NET model), or export it to ONNX with Microsoft.ML.OnnxConverter to score it with this engine.",
            diagnostic: DiagnosticCatalog.EngineCannotRunMlNet, inputs: [UserInputs.Engine, UserInputs.Model]);

    private MlOpsException NeedsOnnx() =>
        new($"'{Source}' is an ML.NET model; this needs an ONNX model.", Source,
            fix: "Export the ML.NET model to ONNX with Microsoft.ML.OnnxConverter for this use; scoring, evaluation, fairness and packaging take the ML.NET model as it is.",
            diagnostic: DiagnosticCatalog.NeedsOnnxModel, inputs: [UserInputs.Model]);
}
