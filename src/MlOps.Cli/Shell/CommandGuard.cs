using System.CommandLine;

namespace MlOps.Cli.Shell;

/// <summary>
/// Runs a command body and turns user-fixable problems into a one-line message and exit code 2,
/// so the user never sees a stack trace.
/// </summary>
public static class CommandGuard
{
    /// <summary>Runs <paramref name="body"/>; maps <see cref="MlOpsException"/> and I/O errors to exit 2.</summary>
    /// <param name="parse">The parse result of the command that runs (its options name the fix).</param>
    /// <param name="body">The command's work; returns its exit code.</param>
    public static int Run(ParseResult parse, Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return body();
        }
        catch (MlOpsException e)
        {
            Console.Error.WriteLine($"error: {CliInputs.Report(ForFolder(e), parse.CommandResult.Command)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// The libraries test a file path with File.Exists, which is false for a folder, and so report a folder given
    /// where a file belongs as "does not exist": true to the letter, but it sends the user looking for a typo. Say
    /// what the path really is instead.
    /// </summary>
    private static MlOpsException ForFolder(MlOpsException e)
    {
        if (e.File is null || !e.Message.Contains("does not exist", StringComparison.Ordinal) || !Directory.Exists(e.File))
        {
            return e;
        }
        return new MlOpsException($"'{e.File}' is a folder; a file is expected here.", e.File, e.Line,
            "Pass the path of a file (the folder's contents are not searched for it).", e.Diagnostic, e.Column, e);
    }
}
