using MlOps.Governance.Artefacts;
using MlOps.Onnx.Evaluation;
using MlOps.Diagnostics;

namespace MlOps.Governance.Scoring;

/// <summary>Opens the model to score: an ONNX file, or the model/model.onnx member of an .mlpkg artefact.</summary>
public static class ScoringModel
{
    /// <summary>Loads and validates the model at <paramref name="path"/> (.onnx or .mlpkg).</summary>
    /// <exception cref="MlOpsException">The file is missing, not a model, or uses something the evaluator does not support.</exception>
    public static InferenceSession Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The model file '{path}' does not exist.", path, fix: "Check the path to the .onnx or .mlpkg file.", diagnostic: DiagnosticCatalog.ModelMissing);
        }
        if (path.EndsWith(ArtefactPaths.Extension, StringComparison.OrdinalIgnoreCase))
        {
            using var package = MlPackageReader.Open(path);
            return InferenceSession.Load(package.ReadModelBytes(), $"{path}!{ArtefactPaths.Model}");
        }
        return InferenceSession.Load(path);
    }
}
