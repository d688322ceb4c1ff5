// The repository's own build. Tasks are thin: they call dotnet, the test-dependency script,
// or the governance stages in governance.cake.
//   ./build.sh                     Default: build, pack, then the governed pipeline on the sample
//   ./build.sh --target Test       build and run every test (what CI runs)
//   ./build.sh --target Pack       every package into artifacts/packages

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");

var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("MlOpsBuild.sln");
var artifacts = root.Combine("artifacts");
var packages = artifacts.Combine("packages");
var testResults = artifacts.Combine("test-results");

Task("Clean")
    .Description("Removes artifacts/ and every bin/ and obj/ folder.")
    .Does(() =>
{
    CleanDirectory(artifacts);
    CleanDirectories(root.FullPath + "/src/**/bin");
    CleanDirectories(root.FullPath + "/src/**/obj");
    CleanDirectories(root.FullPath + "/tests/**/bin");
    CleanDirectories(root.FullPath + "/tests/**/obj");
});

Task("Build")
    .Description("Restores and builds the solution.")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration });
});

Task("TestDependencies")
    .Description("Installs what the tests need beyond the SDK (eng/install-test-deps.sh).")
    .WithCriteria(IsRunningOnUnix())
    .Does(() =>
{
    var exit = StartProcess("bash", new ProcessSettings {
        Arguments = root.CombineWithFilePath("eng/install-test-deps.sh").FullPath,
    });
    if (exit != 0) throw new Exception($"eng/install-test-deps.sh failed with exit code {exit}.");
});

Task("Pack")
    .Description("Packs every package into artifacts/packages.")
    .IsDependentOn("Build")
    .Does(() =>
{
    EnsureDirectoryExists(packages);
    DotNetPack(solution.FullPath, new DotNetPackSettings {
        Configuration = configuration,
        NoBuild = true,
        OutputDirectory = packages,
    });
    Information("Packages in {0}:", packages);
    foreach (var p in GetFiles(packages.FullPath + "/*.nupkg")) Information("  {0}", p.GetFilename());
});

Task("Test")
    .Description("Builds and runs every test project; prints one summary line.")
    .IsDependentOn("Build")
    .IsDependentOn("TestDependencies")
    .Does(() =>
{
    CleanDirectory(testResults);
    DotNetTest(solution.FullPath, new DotNetTestSettings {
        Configuration = configuration,
        NoBuild = true,
        ResultsDirectory = testResults,
        Loggers = new[] { "trx", "console;verbosity=normal" },
    });
})
.Finally(() => PrintTestSummary());

// Sums every .trx file into the one line CI reads: "Tests: N passed, N failed, N skipped".
void PrintTestSummary()
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(testResults.FullPath + "/**/*.trx"))
    {
        var doc = System.Xml.Linq.XDocument.Load(trx.FullPath);
        var counters = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters == null) continue;
        int Read(string name) => int.TryParse((string)counters.Attribute(name), out var n) ? n : 0;
        passed += Read("passed");
        failed += Read("failed") + Read("error") + Read("timeout") + Read("aborted");
        skipped += Read("notExecuted");
    }
    Information("Tests: {0} passed, {1} failed, {2} skipped", passed, failed, skipped);
}

Task("Default")
    .Description("The main job: build, pack, then the governed pipeline on the bundled sample.")
    .IsDependentOn("Pack");

RunTarget(target);
