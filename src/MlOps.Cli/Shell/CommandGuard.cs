using System.CommandLine;

namespace MlOps.Cli.Shell;

/// <summary>
/// Runs a command body and turns user-fixable problems into a one-line message and exit code 2, and anything else
/// (a bug) into a one-line internal-error report and exit code 70, so the user never sees a stack trace and no crash
/// reads as a governance verdict.
/// </summary>
public static class CommandGuard
{
    /// <summary>The global option that prints an internal error's details instead of saving them to a file.</summary>
    public const string VerboseOption = "--verbose";

    /// <summary>Runs <paramref name="body"/>; maps <see cref="MlOpsException"/> and I/O errors to exit 2, anything else to exit 70.</summary>
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
        catch (Exception e)
        {
            return InternalErrorReport.Write(e, CommandPath(parse.CommandResult), parse.GetValue<bool>(VerboseOption));
        }
    }

    /// <summary>"mlops drift compare" for the command that ran.</summary>
    internal static string CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new List<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (current.Command is not RootCommand)
            {
                names.Insert(0, current.Command.Name);
            }
        }
        names.Insert(0, "mlops");
        return string.Join(' ', names);
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
