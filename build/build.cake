// The repository's own build. Tasks are thin: they call dotnet, the test-dependency script,
// or the governance stages in governance.cake.
//   ./build.sh                     Default: build, pack, then the governed pipeline on the sample
//   ./build.sh --target Test       build and run every test (what CI runs)
//   ./build.sh --target Pack       every package into artifacts/packages
//   ./build.sh --target Sample     the bundled sample in artifacts/sample, made from the packed template

#load "governance.cake"

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
    // Every commit packs another version: the folder holds this build's packages only, so it is one coherent feed.
    CleanDirectory(packages);
    DotNetPack(solution.FullPath, new DotNetPackSettings {
        Configuration = configuration,
        NoBuild = true,
        OutputDirectory = packages,
    });
    Information("Packages in {0}:", packages);
    foreach (var p in GetFiles(packages.FullPath + "/*.nupkg")) Information("  {0}", p.GetFilename());
    Information("Install: docs/install.md (dotnet tool install --global MlOps.Cli --add-source {0}; dotnet new install <MlOps.Templates nupkg>)", packages);
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
        // The fuzzing test writes its figures here; the summary prints them (tests/MlOps.Cli.Tests/Fuzzing).
        EnvironmentVariables = new Dictionary<string, string> { ["MLOPS_FUZZ_REPORT"] = testResults.CombineWithFilePath("fuzz.txt").FullPath },
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
    // Plain Console, not Cake's coloured log: CI reads this line and must not see escape codes in it.
    Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    var fuzz = testResults.CombineWithFilePath("fuzz.txt");
    if (FileExists(fuzz)) Console.WriteLine(System.IO.File.ReadAllText(fuzz.FullPath).TrimEnd());
}

// The bundled sample is the governed-model template itself, made with `dotnet new` from the packed
// template so the main job exercises exactly what a user gets. The packed template pins the version it was packed
// with and the folder it was packed into (artifacts/packages) as its defaults, so `dotnet new` needs no options:
// every commit packs another version (git versioning, version.json), and restores take that version's packages.
// The sample restores into its own package folder (artifacts/nuget-packages): one version per commit would
// otherwise pile up in the user's global NuGet cache. A working tree with uncommitted changes packs the version of
// its last commit again, so that one version's cached MlOps.* copies are dropped before the restore.
var sample = artifacts.Combine("sample");
var sampleNuGetCache = artifacts.Combine("nuget-packages");
var templateHive = artifacts.Combine("template-hive");

// The stages run with the CLI this build just made, whatever the state of the working tree (see above).
var builtMlops = root.CombineWithFilePath($"src/MlOps.Cli/bin/{configuration}/net8.0/mlops.dll");

Setup<GovernanceContext>(ctx => new GovernanceContext(ctx, sample, configuration,
    MlopsCommand.Dll(HasArgument("mlops-dll") ? Argument<string>("mlops-dll") : builtMlops.FullPath),
    new Dictionary<string, string> { ["NUGET_PACKAGES"] = sampleNuGetCache.FullPath }));

Task("Sample")
    .Description("Makes artifacts/sample from the packed template (dotnet new mlops-model), against artifacts/packages.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var template = GetFiles(packages.FullPath + "/MlOps.Templates.*.nupkg").Single();
    var version = template.GetFilenameWithoutExtension().FullPath.Substring("MlOps.Templates.".Length);
    if (DirectoryExists(sample)) DeleteDirectory(sample, new DeleteDirectorySettings { Recursive = true, Force = true });
    if (DirectoryExists(templateHive)) DeleteDirectory(templateHive, new DeleteDirectorySettings { Recursive = true, Force = true });
    EnsureDirectoryExists(sampleNuGetCache);
    foreach (var uncommitted in GetDirectories(sampleNuGetCache.FullPath + "/mlops.*/" + version.ToLowerInvariant()))
        DeleteDirectory(uncommitted, new DeleteDirectorySettings { Recursive = true, Force = true });
    // A private template hive: the user's own `dotnet new` template list is left alone.
    DotNetNew(root, $"install \"{template.FullPath}\" --debug:custom-hive \"{templateHive.FullPath}\"");
    DotNetNew(root, $"mlops-model -n CreditRisk -o \"{sample.FullPath}\" --debug:custom-hive \"{templateHive.FullPath}\"");
    Information("Sample project: {0} (MlOps.* {1})", sample.FullPath, version);
});

void DotNetNew(DirectoryPath workingDirectory, string arguments)
{
    var exit = StartProcess("dotnet", new ProcessSettings { Arguments = "new " + arguments, WorkingDirectory = workingDirectory });
    if (exit != 0) throw new Exception($"dotnet new {arguments} failed with exit code {exit}.");
}

// The sample's release, as a release manager would do it, with throw-away keys the main job makes: the CI key signs
// the provenance in `dotnet build`, a model owner and a risk manager approve (four eyes: the sample is high risk),
// and a release manager releases. Real keys never live in the repository: see docs/trust-file.md.
var sampleKeys = artifacts.Combine("sample-keys");

Task("SampleKeys")
    .Description("Throw-away keys for the sample (artifacts/sample-keys) and its trust file (governance/trust.yaml); the sample build signs its provenance with the CI key.")
    .IsDependentOn("Sample")
    .Does<GovernanceContext>(g =>
{
    if (DirectoryExists(sampleKeys)) DeleteDirectory(sampleKeys, new DeleteDirectorySettings { Recursive = true, Force = true });
    EnsureDirectoryExists(sampleKeys);
    var principals = new[] {
        ("ci", "Sample CI", "builder"), ("owner", "Olivia Owner", "model-owner"),
        ("risk", "Rafael Risk", "risk-manager"), ("release", "Rel Manager", "release-manager") };
    var trust = new System.Text.StringBuilder("# Throw-away principals of the bundled sample, made by ./build.sh (docs/trust-file.md).\nprincipals:\n");
    foreach (var (file, name, role) in principals)
    {
        Mlops(g, $"key new --out {Q(sampleKeys.CombineWithFilePath(file))}");
        var pem = System.IO.File.ReadAllLines(sampleKeys.CombineWithFilePath(file + ".pub").FullPath);
        trust.Append($"  - name: {name}\n    email: {file}@sample.invalid\n    roles: [{role}]\n    publicKey: |\n");
        foreach (var line in pem) trust.Append("      ").Append(line).Append('\n');
    }
    EnsureDirectoryExists(g.Trust.GetDirectory());
    System.IO.File.WriteAllText(g.Trust.FullPath, trust.ToString());
    g.Environment["MLOPS_SIGNING_KEY"] = sampleKeys.CombineWithFilePath("ci.key").FullPath;
    g.ReleaseKey = sampleKeys.CombineWithFilePath("release.key");
});

Task("SampleApprovals")
    .Description("The sample's model owner and risk manager approve the packed artefact (signed approvals in its bundle).")
    .IsDependentOn("SampleKeys")
    .IsDependentOn("PackModel")
    .Does<GovernanceContext>(g =>
{
    Mlops(g, $"approve {Q(g.Artefact)} --role model-owner --key {Q(sampleKeys.CombineWithFilePath("owner.key"))} --trust {Q(g.Trust)} --policy {Q(g.Policy)} " +
        "--comment \"Sample: evaluation, fairness and drift evidence reviewed; intended use matches the card.\"");
    Mlops(g, $"approve {Q(g.Artefact)} --role risk-manager --key {Q(sampleKeys.CombineWithFilePath("risk.key"))} --trust {Q(g.Trust)} --policy {Q(g.Policy)} " +
        "--comment \"Sample: high risk accepted with human review of every decline.\" --scope \"sample data only\"");
});

// The released sample in a catalog, as a team keeps its models: registered (verified first), then promoted to production
// with the release manager's key, which runs the gate with the approvals again (docs/catalog.md). The catalog lives
// in artifacts/sample, so every run starts a fresh one.
var sampleCatalog = sample.CombineWithFilePath("catalog.db");

Task("Catalog")
    .Description("Registers the released sample in a SQLite catalog (artifacts/sample/catalog.db), promotes it to production, and says how to open the catalog page.")
    .IsDependentOn("Release")
    .WithCriteria<GovernanceContext>((ctx, g) => g.ReleaseDecision == "released")
    .Does<GovernanceContext>(g =>
{
    var catalog = $"--catalog {Q(sampleCatalog)}";
    Mlops(g, $"catalog register {Q(g.Artefact)} {catalog}");
    // The reference is the artefact's own name and version (its manifest), so a renamed sample needs no edit here.
    string reference;
    using (var zip = System.IO.Compression.ZipFile.OpenRead(g.Artefact.FullPath))
    using (var manifest = System.Text.Json.JsonDocument.Parse(zip.GetEntry("manifest.json").Open()))
        reference = manifest.RootElement.GetProperty("name").GetString() + "@" + manifest.RootElement.GetProperty("version").GetString();
    Mlops(g, $"catalog promote {reference} --to production --key {Q(g.ReleaseKey)} --trust {Q(g.Trust)} --policy {Q(g.Policy)} --reason \"Released by ./build.sh\" {catalog}");
    Information("Catalog:              {0} ({1} in production)", sampleCatalog.FullPath, reference);
    // The command as this run started mlops (the built dll, or the local tool), so it can be pasted as it is.
    Information("Catalog page:         dotnet {0} catalog serve {1}   then open http://127.0.0.1:5080", g.Mlops.Prefix, catalog);
});

Task("Default")
    .Description("The main job: build, pack, then the governed pipeline on the bundled sample, signed, approved and released.")
    .IsDependentOn("Pack")
    .IsDependentOn("Sample")
    .IsDependentOn("SampleKeys")
    .IsDependentOn("Governed")
    .IsDependentOn("SampleApprovals")
    .IsDependentOn("Release")
    .IsDependentOn("Catalog");

RunTarget(target);
