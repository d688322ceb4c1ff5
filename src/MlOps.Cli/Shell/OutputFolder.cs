namespace MlOps.Cli.Shell;

/// <summary>The folder an output file goes to, checked before a command does its (possibly long) work.</summary>
internal static class OutputFolder
{
    /// <summary>
    /// The existing folder of <paramref name="outputPath"/>; also where a command keeps its temporary files.
    /// Also refuses an output path that is a folder or that names one of the command's <paramref name="inputs"/>:
    /// the atomic rename would otherwise replace the user's model, data or baseline with the command's output.
    /// </summary>
    /// <exception cref="MlOpsException">The folder does not exist, the path is a folder, or it is an input:
    /// failing now beats failing (or destroying an input) after the work is done.</exception>
    public static string Require(string outputPath, params string?[] inputs)
    {
        var full = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new MlOpsException($"The output folder '{folder}' does not exist.", outputPath, fix: "Create the folder first.");
        }
        if (Directory.Exists(full))
        {
            throw new MlOpsException($"The output path '{outputPath}' is a folder, not a file.", outputPath,
                fix: "Pass a file name for the output, e.g. " + Path.Combine(outputPath, "out.json") + ".");
        }
        foreach (var input in inputs)
        {
            if (input is not null && SameFile(full, input))
            {
                throw new MlOpsException($"The output path '{outputPath}' names a file this command also reads or writes; writing it would destroy that file.",
                    outputPath, fix: "Choose a different output file name.");
            }
        }
        return folder;
    }

    /// <summary>True when both paths name one file: the same full path, or (for existing files) the same target after symbolic links.</summary>
    private static bool SameFile(string fullOutput, string input)
    {
        var fullInput = Path.GetFullPath(input);
        if (string.Equals(fullOutput, fullInput, StringComparison.Ordinal))
        {
            return true;
        }
        return File.Exists(fullOutput) && File.Exists(fullInput)
            && string.Equals(Resolve(fullOutput), Resolve(fullInput), StringComparison.Ordinal);
    }

    private static string Resolve(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
