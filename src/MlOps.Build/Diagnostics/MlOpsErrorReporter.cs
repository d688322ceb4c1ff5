using Microsoft.Build.Utilities;

namespace MlOps.Build.Diagnostics;

/// <summary>
/// Turns the library's <see cref="MlOpsException"/> (and I/O failures) into MSBuild errors that carry
/// the code, the file, the line and column, the help link and the fix, so the IDE's error list and
/// the command line point straight at the problem. Never a stack trace for a user-fixable problem.
/// </summary>
internal sealed class MlOpsErrorReporter
{
    // No subcategory: the canonical "file(line,col): error MLOPS105: ..." form IDEs and CI parse.
    private const string? Subcategory = null;
    private readonly TaskLoggingHelper _log;
    private readonly string _fallbackFile;

    /// <param name="log">The task's logger.</param>
    /// <param name="fallbackFile">The file blamed when the error names none (the MlModel's project).</param>
    public MlOpsErrorReporter(TaskLoggingHelper log, string fallbackFile)
    {
        _log = log;
        _fallbackFile = fallbackFile;
    }

    /// <summary>Logs an input error raised by MlOps.Governance or MlOps.Onnx.</summary>
    public void Report(MlOpsException error)
    {
        var code = string.IsNullOrEmpty(error.Code)
            ? error.InnerException is IOException or UnauthorizedAccessException ? BuildDiagnostics.OutputNotWritten : BuildDiagnostics.InputRejected
            : error.Code!;
        var message = WithFix(error.Message, error.Fix);
        var file = error.File;
        if (file is { Length: > 0 } && !Path.IsPathFullyQualified(file))
        {
            // Not a file but a description of the source ("the project's Version property"): keep it in
            // the message and point the IDE at the project, where such settings live.
            message = $"{char.ToUpperInvariant(file[0])}{file[1..]}: {message}";
            file = null;
        }

        Error(code, file, ToInt(error.Line), ToInt(error.Column), message);
    }

    /// <summary>Logs a failure to write an output file (MLOPS124).</summary>
    public void ReportOutputFailure(Exception error, string outputDirectory)
    {
        Error(BuildDiagnostics.OutputNotWritten, _fallbackFile, 0, 0, WithFix(
            $"The model package could not be written to '{outputDirectory}': {error.Message}",
            "make sure the folder is writable, has free space and that no other process holds the files open (an IDE preview, a virus scanner), then build again."));
    }

    /// <summary>Logs an MLOPS12x error raised by the task itself.</summary>
    public void Error(string code, string? file, int line, int column, string message) =>
        _log.LogError(Subcategory, code, code, BuildDiagnostics.HelpLink(code),
            string.IsNullOrEmpty(file) ? _fallbackFile : file, line, column, 0, 0, message);

    private static string WithFix(string message, string? fix) =>
        string.IsNullOrWhiteSpace(fix) ? message : $"{message.TrimEnd()} Fix: {fix!.Trim()}";

    private static int ToInt(long? value) =>
        value is null or <= 0 ? 0 : (int)Math.Min(value.Value, int.MaxValue);
}
