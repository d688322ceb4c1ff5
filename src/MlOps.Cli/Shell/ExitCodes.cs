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

    /// <summary>
    /// An internal error: a bug in mlops (or the machine ran out of memory), not a verdict about the model or the
    /// input. Deliberately far from 0, 1 and 2 so that no script reads a crash as "passed" or "the data drifted";
    /// 70 is EX_SOFTWARE of BSD's sysexits.h, the conventional code for it.
    /// </summary>
    public const int InternalError = 70;
}
