namespace MlOps.Build.Diagnostics;

/// <summary>
/// The MLOPS12x codes that only the MSBuild integration raises, and the help link every MLOPS code
/// points at. MLOPS101-119 come from MlOps.Governance / MlOps.Onnx inside <see cref="MlOpsException"/>.
/// Each code has a page docs/MLOPSnnn.md.
/// </summary>
internal static class BuildDiagnostics
{
    /// <summary>An MlModel item lacks metadata the package needs (no Card).</summary>
    public const string ItemIncomplete = "MLOPS120";

    /// <summary>Two MlModel items would write the same artefact (same Name and Version).</summary>
    public const string DuplicateArtefact = "MLOPS121";

    /// <summary>The MlOpsSourceDateEpoch property is not a count of seconds.</summary>
    public const string InvalidSourceDateEpoch = "MLOPS122";

    /// <summary>The MSBuild host cannot run the net8.0 task (raised by MlOps.Build.targets).</summary>
    public const string UnsupportedHost = "MLOPS123";

    /// <summary>An output could not be written (access denied, disk full, a locked file).</summary>
    public const string OutputNotWritten = "MLOPS124";

    /// <summary>An input was rejected by a check that carries no more specific code.</summary>
    public const string InputRejected = "MLOPS125";

    /// <summary>The artefact was written under another name than MSBuild predicted (set Name metadata).</summary>
    public const string UnexpectedArtefactPath = "MLOPS126";

    /// <summary>Every code the MSBuild side raises itself, for the docs test.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ItemIncomplete, DuplicateArtefact, InvalidSourceDateEpoch, UnsupportedHost, OutputNotWritten, InputRejected, UnexpectedArtefactPath];

    private const string HelpRoot = "https://github.com/mlopsbuild/mlopsbuild/blob/main/docs/";

    /// <summary>The documentation page of a code, e.g. .../docs/MLOPS105.md.</summary>
    public static string HelpLink(string code) => HelpRoot + code + ".md";
}
