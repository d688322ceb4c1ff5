using System.Globalization;
using System.Text;

namespace MlOps.Cli.Shell;

/// <summary>
/// Reports an exception that is not a user-fixable error (a bug, or memory exhausted): one line on standard error
/// saying that it is internal and where the details went, and exit code <see cref="ExitCodes.InternalError"/>.
/// The details (tool version, command, the exception with its stack trace) go to a crash report file, or to standard
/// error with <c>--verbose</c>, so the user can report the bug without having to read a stack trace first.
/// </summary>
internal static class InternalErrorReport
{
    /// <summary>The folder under the system temporary folder that holds crash reports.</summary>
    public const string FolderName = "mlops-crashes";

    /// <summary>Writes the report for <paramref name="error"/> raised by <paramref name="commandPath"/>; returns the exit code.</summary>
    /// <param name="error">The unexpected exception.</param>
    /// <param name="commandPath">The command that ran, such as "mlops drift compare".</param>
    /// <param name="verbose">True to print the details on standard error instead of only naming the file.</param>
    public static int Write(Exception error, string commandPath, bool verbose)
    {
        var details = Details(error, commandPath);
        var what = error is OutOfMemoryException
            ? "mlops ran out of memory"
            : $"internal error in mlops ({error.GetType().Name}: {OneLine(error.Message)})";
        if (verbose)
        {
            Console.Error.WriteLine($"error: {what}. This is not a verdict about the model or its data. Details follow; please report them.");
            Console.Error.Write(details);
            return ExitCodes.InternalError;
        }
        var where = TrySave(details);
        var detailsAt = where is null ? "Run again with --verbose to see the details" : $"Details: {where} (or run again with --verbose)";
        Console.Error.WriteLine($"error: {what}. This is not a verdict about the model or its data. {detailsAt}; please report them.");
        return ExitCodes.InternalError;
    }

    private static string Details(Exception error, string commandPath)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"mlops {ToolVersion.Informational} on .NET {Environment.Version} ({System.Runtime.InteropServices.RuntimeInformation.OSDescription})\n");
        text.Append(CultureInfo.InvariantCulture, $"command: {commandPath}\n");
        text.Append(error).Append('\n');
        return text.ToString();
    }

    /// <summary>Saves the details to a new file in the temporary folder; null when even that fails (the line then says --verbose).</summary>
    private static string? TrySave(string details)
    {
        try
        {
            var folder = Path.Combine(Path.GetTempPath(), FolderName);
            Directory.CreateDirectory(folder);
            // The process id and a random suffix keep concurrent crashes apart; the file is a report for a human,
            // not an output, so the name need not be reproducible.
            var path = Path.Combine(folder, $"crash-{Environment.ProcessId}-{Path.GetRandomFileName()}.txt");
            File.WriteAllText(path, details);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "...");
    }
}
