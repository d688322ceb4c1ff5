namespace MlOps.Cli.Shell;

/// <summary>The exit codes of the CLI contract (docs/cli.md); scripts and CI jobs depend on them.</summary>
public static class ExitCodes
{
    /// <summary>Every check passed.</summary>
    public const int Passed = 0;

    /// <summary>A governance check failed (tampered artefact, threshold missed, drift, gate not met).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or bad input; the message names the file, line or field and the fix.</summary>
    public const int BadInput = 2;
}
