using MlOps.Governance.Tabular;
using MlOps.Diagnostics;
using MlOps.Hashing;

namespace MlOps.Governance.Lineage;

/// <summary>The identity of one data set a model was built with: its role, where it was, its sha256, size and rows.</summary>
/// <param name="Role">Training or evaluation.</param>
/// <param name="Path">Path relative to the repository root (forward slashes), or the file name outside a repository.</param>
/// <param name="Sha256">Lowercase hex sha256 of the file's bytes.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Rows">Data rows (CSV records after the header) for .csv files, else null.</param>
public sealed record DataSetDigest(DataSetRole Role, string Path, string Sha256, long Size, long? Rows)
{
    /// <summary>"training" or "evaluation".</summary>
    public string RoleName => Role == DataSetRole.Training ? "training" : "evaluation";

    /// <summary>Digests a data file (MLOPS109 when it is missing). Rows are counted for .csv files.</summary>
    /// <param name="role">Its role.</param>
    /// <param name="file">The file.</param>
    /// <param name="repositoryRoot">When given, the recorded path is relative to it.</param>
    public static DataSetDigest Of(DataSetRole role, string file, string? repositoryRoot)
    {
        if (!File.Exists(file))
        {
            throw new MlOpsException(
                $"The {(role == DataSetRole.Training ? "training" : "evaluation")} data file does not exist.",
                file: file,
                fix: "Correct the path of the data file, or create the file.",
                diagnostic: DiagnosticCatalog.DataMissing, inputs: [role == DataSetRole.Training ? UserInputs.TrainingData : UserInputs.EvaluationData]);
        }
        var sha = Sha256Hex.OfFile(file);
        var size = new FileInfo(file).Length;
        long? rows = null;
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = CsvReader.Open(file);
            long count = 0;
            while (reader.Read())
            {
                count++;
            }
            rows = count;
        }
        return new DataSetDigest(role, RecordedPath(file, repositoryRoot), sha, size, rows);
    }

    /// <summary>The path as manifests record it: relative to the repository with '/', else the bare file name.</summary>
    public static string RecordedPath(string file, string? repositoryRoot)
    {
        var full = System.IO.Path.GetFullPath(file);
        if (repositoryRoot is not null)
        {
            var relative = System.IO.Path.GetRelativePath(System.IO.Path.GetFullPath(repositoryRoot), full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(relative))
            {
                return relative.Replace('\\', '/');
            }
        }
        // Absolute paths would make two machines build different bytes: keep only the name.
        return System.IO.Path.GetFileName(full);
    }
}
