namespace MlOps.Cli;

/// <summary>The folder an output file goes to, checked before a command does its (possibly long) work.</summary>
internal static class OutputFolder
{
    /// <summary>The existing folder of <paramref name="outputPath"/>; also where a command keeps its temporary files.</summary>
    /// <exception cref="MlOpsException">The folder does not exist: failing now beats failing after the work is done.</exception>
    public static string Require(string outputPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        if (!Directory.Exists(folder))
        {
            throw new MlOpsException($"The output folder '{folder}' does not exist.", outputPath, fix: "Create the folder first.");
        }
        return folder;
    }
}
