using Microsoft.Build.Utilities;
using MlOps.Diagnostics;

namespace MlOps.Build.Diagnostics;

/// <summary>
/// Turns the library's <see cref="MlOpsException"/> (and I/O failures) into MSBuild errors that carry
/// the code, the file, the line and column, the help link and the fix in MSBuild's own terms, so the IDE's
/// error list and the command line point straight at the problem. Never a stack trace for a user-fixable problem.
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

    /// <summary>Logs an input error raised by the libraries.</summary>
    public void Report(MlOpsException error)
    {
        var diagnostic = error.Diagnostic
            ?? (error.InnerException is IOException or UnauthorizedAccessException ? DiagnosticCatalog.OutputNotWritten : DiagnosticCatalog.InputRejected);
        var message = error.DescribeProblem(MsBuildWording.HowToSet);
        var file = error.File;
        if (file is { Length: > 0 } && !Path.IsPathFullyQualified(file))
        {
            // Not a file but a description of the source ("the project's Version property"): keep it in
            // the message and point the IDE at the project, where such settings live.
            message = $"{char.ToUpperInvariant(file[0])}{file[1..]}: {message}";
            file = null;
        }

        Error(diagnostic, file, ToInt(error.Line), ToInt(error.Column), message);
    }

    /// <summary>Logs a failure to write an output file (MLOPS124).</summary>
    public void ReportOutputFailure(Exception error, string outputDirectory)
    {
        Error(DiagnosticCatalog.OutputNotWritten, _fallbackFile, 0, 0,
            $"The model package could not be written to '{outputDirectory}': {error.Message} " +
            "Fix: make sure the folder is writable, has free space and that no other process holds the files open (an IDE preview, a virus scanner), then build again.");
    }

    /// <summary>Logs an error the task raises itself (MLOPS12x).</summary>
    public void Error(DiagnosticDescriptor diagnostic, string? file, int line, int column, string message) =>
        _log.LogError(Subcategory, diagnostic.Id, diagnostic.Id, diagnostic.HelpLink,
            string.IsNullOrEmpty(file) ? _fallbackFile : file, line, column, 0, 0, message);

    /// <summary>Logs a warning the task raises itself (MLOPS187, MLOPS188): the build goes on.</summary>
    public void Warning(DiagnosticDescriptor diagnostic, string? file, int line, int column, string message) =>
        _log.LogWarning(Subcategory, diagnostic.Id, diagnostic.Id, diagnostic.HelpLink,
            string.IsNullOrEmpty(file) ? _fallbackFile : file, line, column, 0, 0, message);

    /// <summary>The 1-based line or column MSBuild takes, 0 for none.</summary>
    public static int Position(long? value) => ToInt(value);

    private static int ToInt(long? value) =>
        value is null or <= 0 ? 0 : (int)Math.Min(value.Value, int.MaxValue);
}
