using System.Diagnostics;
using System.Text;

namespace MlOps.Build.Tests.Infrastructure;

/// <summary>The outcome of one child process: exit code and interleaved stdout + stderr.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output)
{
    /// <summary>For assertion messages: the command and its whole output.</summary>
    public override string ToString() => $"$ {Command}\n(exit {ExitCode})\n{Output}";
}

/// <summary>
/// Runs real processes (dotnet, sha256sum) the way a user's shell would, with an environment cleaned
/// of what the outer `dotnet test` sets for its own MSBuild, so each child resolves the SDK afresh.
/// </summary>
public static class ProcessRunner
{
    private static readonly string[] InheritedMsBuildVariables =
    [
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
        "MLOPS_SLOT", "SOURCE_DATE_EPOCH", "VSTEST_HOST_DEBUG", "DOTNET_HOST_PATH",
    ];

    /// <summary>Runs <paramref name="fileName"/> and waits (at most 5 minutes) for it to exit.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var name in InheritedMsBuildVariables) info.Environment.Remove(name);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["NUGET_XMLDOC_MODE"] = "skip";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
        var command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        lock (output) return new ProcessResult(command, process.ExitCode, output.ToString());
    }
}
