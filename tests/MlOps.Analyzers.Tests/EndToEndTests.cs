using System.Diagnostics;
using System.Text;
using MlOps.Analyzers.Tests.Infrastructure;

namespace MlOps.Analyzers.Tests;

/// <summary>
/// Packs MlOps.Analyzers, references the package from a fresh console project (isolated package cache,
/// local feed only) and checks what a new user sees: MLOPS001 and MLOPS002 in `dotnet build` output and in
/// the SARIF error log; after the MLOPS001 fix's shape is applied, MLOPS001 is gone.
/// </summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "mlops-analyzers-e2e-" + Guid.NewGuid().ToString("N"));

    private const string Stubs = """
        namespace Microsoft.ML.OnnxRuntime
        {
            public sealed class NamedOnnxValue { }
            public sealed class ModelMetadata { public System.Collections.Generic.Dictionary<string, string> CustomMetadataMap { get; } = new() { ["mlops.name"] = "credit", ["mlops.version"] = "1.0.0", ["mlops.digest.source"] = "abc" }; }
            public sealed class InferenceSession : System.IDisposable
            {
                public InferenceSession(string modelPath) { }
                public ModelMetadata ModelMetadata { get; } = new();
                public System.Collections.Generic.List<NamedOnnxValue> Run(System.Collections.Generic.IReadOnlyCollection<NamedOnnxValue> inputs) => new();
                public void Dispose() { }
            }
        }

        namespace MlOps.Runtime.Auditing
        {
            public sealed class AuditJson { public static AuditJson Null { get; } = new(); }
            public sealed class AuditEntry { public AuditEntry(string modelName, string modelVersion, string artefactDigest, AuditJson input, AuditJson output) { } }
            public sealed class AuditLog : System.IDisposable
            {
                public static AuditLog Open(string path) => new();
                public object Append(AuditEntry entry) => entry;
                public void Dispose() { }
            }
        }
        """;

    private const string Unlogged = """
        using System;
        using System.Collections.Generic;
        using Microsoft.ML.OnnxRuntime;
        using MlOps.Runtime.Auditing;

        using var audit = AuditLog.Open("audit.jsonl");
        using var session = new InferenceSession("model.onnx");
        var results = session.Run(new List<NamedOnnxValue>());
        Console.WriteLine(results.Count);
        """;

    // What the MLOPS001 code fix inserts (see InferenceWithoutLoggingTests.Fix_works_in_top_level_statements).
    private const string Logged = """
        using System;
        using System.Collections.Generic;
        using Microsoft.ML.OnnxRuntime;
        using MlOps.Runtime.Auditing;

        using var audit = AuditLog.Open("audit.jsonl");
        using var session = new InferenceSession("model.onnx");
        var results = session.Run(new List<NamedOnnxValue>());
        audit.Append(new AuditEntry(session.ModelMetadata.CustomMetadataMap["mlops.name"], session.ModelMetadata.CustomMetadataMap["mlops.version"], session.ModelMetadata.CustomMetadataMap["mlops.digest.source"], AuditJson.Null, AuditJson.Null));
        Console.WriteLine(results.Count);
        """;

    [Fact]
    public void Packed_analyzers_report_in_dotnet_build_and_sarif_and_the_fix_clears_MLOPS001()
    {
        var root = RepositoryRoot.Find();
        var feed = Path.Combine(_work, "feed");
        var app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        var version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

        var pack = Run(root, "pack", Path.Combine(root, "src", "MlOps.Analyzers", "MlOps.Analyzers.csproj"), "-c", "Release", "-o", feed, "-p:Version=" + version);
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);

        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MlOps.Analyzers" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Stubs.cs"), Stubs);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Unlogged);

        var sarif = Path.Combine(_work, "before.sarif");
        var before = Run(app, "build", "-p:ErrorLog=" + sarif);
        Assert.True(before.ExitCode == 0, "dotnet build failed:\n" + before.Output);
        Assert.Contains("warning MLOPS001", before.Output, StringComparison.Ordinal);
        Assert.Contains("warning MLOPS002", before.Output, StringComparison.Ordinal);
        var sarifText = File.ReadAllText(sarif);
        Assert.Contains("\"MLOPS001\"", sarifText, StringComparison.Ordinal);
        Assert.Contains("https://github.com/mlopsbuild/mlopsbuild/blob/main/docs/MLOPS001.md", sarifText, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(app, "Program.cs"), Logged);
        var sarifAfter = Path.Combine(_work, "after.sarif");
        var after = Run(app, "build", "-p:ErrorLog=" + sarifAfter);
        Assert.True(after.ExitCode == 0, "dotnet build failed:\n" + after.Output);
        Assert.DoesNotContain("MLOPS001", after.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"MLOPS001\"", File.ReadAllText(sarifAfter), StringComparison.Ordinal);
        Assert.Contains("warning MLOPS002", after.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--disable-build-servers");
        start.ArgumentList.Add("-nodeReuse:false");
        // The test host runs inside `dotnet test`, whose MSBuild variables would point the child build at the wrong SDK pieces.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + output);
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
