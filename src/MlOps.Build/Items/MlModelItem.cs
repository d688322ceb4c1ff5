using Microsoft.Build.Framework;

namespace MlOps.Build.Items;

/// <summary>
/// One <c>MlModel</c> item as MlOps.Build.targets resolved it: full paths, defaults applied (Name =
/// the model's file name, Version = the project's $(Version)) and the artefact paths the target's
/// incremental check compares against.
/// </summary>
internal sealed record MlModelItem(
    string ModelPath,
    string Name,
    string Version,
    string? CardPath,
    IReadOnlyList<string> TrainingData,
    IReadOnlyList<string> EvaluationData,
    string? EvidenceDirectory,
    string ExpectedPackagePath)
{
    /// <summary>Reads an item; relative metadata paths are resolved against the project folder.</summary>
    public static MlModelItem From(ITaskItem item, string projectDirectory)
    {
        string? Path(string metadata)
        {
            var value = item.GetMetadata(metadata).Trim();
            return value.Length == 0 ? null : Resolve(value, projectDirectory);
        }

        IReadOnlyList<string> Paths(string metadata) =>
            item.GetMetadata(metadata)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => Resolve(p, projectDirectory))
                .ToArray();

        return new MlModelItem(
            ModelPath: Resolve(item.ItemSpec, projectDirectory),
            Name: item.GetMetadata("Name").Trim(),
            Version: item.GetMetadata("Version").Trim(),
            CardPath: Path("Card"),
            TrainingData: Paths("TrainingData"),
            EvaluationData: Paths("EvaluationData"),
            EvidenceDirectory: Path("EvidenceDirectory"),
            ExpectedPackagePath: item.GetMetadata("PackagePath"));
    }

    /// <summary>The item as it appears in the project, for messages.</summary>
    public string Display => $"MlModel '{Name}' ({ModelPath})";

    private static string Resolve(string path, string projectDirectory) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(projectDirectory,
            path.Replace('\\', System.IO.Path.DirectorySeparatorChar)));
}
