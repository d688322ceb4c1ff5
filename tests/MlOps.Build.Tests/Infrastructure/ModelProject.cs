using System.Text.RegularExpressions;

namespace MlOps.Build.Tests.Infrastructure;

/// <summary>
/// A user's project in a temp folder: a nuget.config pointing only at the packed MlOps.Build, the
/// files a test writes, and real `dotnet` processes run against it.
/// </summary>
public sealed partial class ModelProject
{
    /// <summary>The target framework of the SDK running the tests (`dotnet new classlib`'s default).</summary>
    public const string TargetFramework = "net10.0";

    private readonly PackedMlOpsBuild _package;
    private int _logCount;

    public ModelProject(PackedMlOpsBuild package, string name)
    {
        _package = package;
        Name = name;
        Directory = package.NewProjectDirectory(name);
        WriteText("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="mlops-build-under-test" value="{package.Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The project's name (its .csproj is &lt;Name&gt;.csproj).</summary>
    public string Name { get; }

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The project file.</summary>
    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    /// <summary>What the MSBuild commands build: the project file unless a test sets another (a solution of several projects).</summary>
    public string? EntryFile { get; set; }

    /// <summary>bin/Debug/&lt;tfm&gt;/, where the artefacts go by default.</summary>
    public string OutputDirectory => Path.Combine(Directory, "bin", "Debug", TargetFramework);

    /// <summary>The PackageReference line a user adds.</summary>
    public string PackageReference =>
        $"""<PackageReference Include="MlOps.Build" Version="{_package.Version}" PrivateAssets="all" />""";

    /// <summary>Writes a hand-made SDK-style class library project with the given extra items.</summary>
    public void WriteClassLibrary(string items, string properties = "")
    {
        WriteText(Name + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{TargetFramework}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {PackageReference}
                {items}
              </ItemGroup>
            </Project>
            """);
        WriteText("Class1.cs", "namespace Models;\npublic static class Class1 { }\n");
    }

    /// <summary>Adds elements before &lt;/Project&gt; of an existing project file (e.g. one `dotnet new` made).</summary>
    public void AppendToProject(string xml)
    {
        var text = File.ReadAllText(ProjectFile);
        var end = text.LastIndexOf("</Project>", StringComparison.Ordinal);
        File.WriteAllText(ProjectFile, text[..end] + xml + "\n" + text[end..]);
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar));

    public string WriteText(string relative, string text)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// `dotnet build` as a user runs it (no build servers left behind), plus a detailed file log and
    /// an errors-only file log (each error once) kept in <see cref="BuildOutcome"/>.
    /// </summary>
    public BuildOutcome Build(params string[] arguments) => RunMsBuildCommand("build", arguments);

    /// <summary>`dotnet &lt;verb&gt;` (build, pack, clean, msbuild) with the same logging.</summary>
    public BuildOutcome RunMsBuildCommand(string verb, params string[] arguments) =>
        RunMsBuildCommand(verb, new Dictionary<string, string?>(), arguments);

    /// <summary>`dotnet &lt;verb&gt;` with extra environment variables.</summary>
    public BuildOutcome RunMsBuildCommand(string verb, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var n = Interlocked.Increment(ref _logCount);
        var detailedLog = Path.Combine(_package.Root, "logs", $"{Path.GetFileName(Directory)}.{n}.{verb}.log");
        var errorLog = Path.ChangeExtension(detailedLog, ".errors.log");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(detailedLog)!);
        var result = Dotnet([verb, EntryFile ?? ProjectFile, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            $"-flp:v=d;logfile={detailedLog}", $"-flp1:errorsonly;logfile={errorLog}", .. arguments], environment);
        return new BuildOutcome(result,
            File.Exists(detailedLog) ? File.ReadAllText(detailedLog) : "",
            File.Exists(errorLog) ? File.ReadAllText(errorLog) : "");
    }

    /// <summary>Any `dotnet` command in the project folder, with the fixture's private NuGet folder.</summary>
    public ProcessResult Dotnet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var merged = new Dictionary<string, string?>(_package.ProcessEnvironment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) merged[name] = value;
        return ProcessRunner.Run("dotnet", arguments, Directory, merged);
    }

    /// <summary>The outcome of one MSBuild command.</summary>
    public sealed partial record BuildOutcome(ProcessResult Process, string DetailedLog, string ErrorLog)
    {
        public bool Succeeded => Process.ExitCode == 0;

        /// <summary>True when MSBuild ran the target (false when it was skipped or never reached).</summary>
        public bool Ran(string target) =>
            DetailedLog.Contains($"Building target \"{target}\" completely.", StringComparison.Ordinal)
            || DetailedLog.Contains($"Building target \"{target}\" partially", StringComparison.Ordinal);

        /// <summary>True when MSBuild skipped the target because its outputs were up to date.</summary>
        public bool SkippedAsUpToDate(string target) =>
            DetailedLog.Contains($"Skipping target \"{target}\" because all output files are up-to-date", StringComparison.Ordinal);

        /// <summary>Every error once: file, line, column, code and message.</summary>
        public IReadOnlyList<MsBuildError> Errors =>
            ErrorLine().Matches(ErrorLog).Select(m => new MsBuildError(
                m.Groups["file"].Value.Trim(),
                m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value) : 0,
                m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value) : 0,
                m.Groups["code"].Value,
                m.Groups["message"].Value.Trim())).ToList();

        public override string ToString() => $"{Process}\n--- errors ---\n{ErrorLog}";

        [GeneratedRegex(@"^(?:\s*\d+(?::\d+)?>)?(?<file>[^\r\n]*?)(\((?<line>\d+)(,(?<col>\d+))?\))?\s*:\s*error (?<code>[A-Z]+\d+)\s*:\s*(?<message>[^\r\n]*?)(\s\[[^\]\r\n]*\])?\r?$", RegexOptions.Multiline)]
        private static partial Regex ErrorLine();
    }

    /// <summary>One MSBuild error as the logger printed it.</summary>
    public sealed record MsBuildError(string File, int Line, int Column, string Code, string Message);
}
