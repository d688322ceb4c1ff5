namespace MlOps.Cli;

/// <summary>
/// Runs a command body and turns user-fixable problems into a one-line message and exit code 2,
/// so the user never sees a stack trace.
/// </summary>
public static class CommandGuard
{
    /// <summary>Runs <paramref name="body"/>; maps <see cref="MlOpsException"/> and I/O errors to exit 2.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (MlOpsException e)
        {
            Console.Error.WriteLine($"error: {e.Describe()}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
