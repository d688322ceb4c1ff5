// The governed pipeline's stages as thin Cake tasks. Each task calls the `mlops` CLI (or dotnet) with
// paths from a typed GovernanceContext; the figures come from MlOps.Governance, never from here.
// The same file serves the repository's ./build.sh (on the bundled sample in artifacts/sample) and every
// project made from the governed-model template (the template pack carries a copy in build/).
//
//   Train -> Evaluate -> Robustness -> Fairness -> Explain -> DriftBaseline -> DataQuality -> DriftCompare -> Reproducibility
//     -> Changes -> GateEvidence -> PackModel -> RebuildCheck -> Gate
//   Governed: all of them, then the verdict and the path of the model card.
//
// The host script loads this file and creates the context in Setup:
//   Setup<GovernanceContext>(ctx => new GovernanceContext(ctx, projectRoot, configuration, mlops, environment));

/// <summary>Where the governed project lives, how to run `mlops`, and what the stages found.</summary>
public sealed class GovernanceContext
{
    public GovernanceContext(ICakeContext cake, DirectoryPath root, string configuration, MlopsCommand mlops,
        IDictionary<string, string> environment = null)
    {
        Root = root.MakeAbsolute(cake.Environment);
        Configuration = configuration;
        Mlops = mlops;
        Environment = environment ?? new Dictionary<string, string>();
        Seed = cake.Argument<ulong>("seed", 20240611UL);
        Policy = Root.CombineWithFilePath(cake.Argument<string>("policy", "governance-policy.yaml"));
        Trust = Root.CombineWithFilePath(cake.Argument<string>("trust", "governance/trust.yaml"));
        var releaseKey = cake.Argument<string>("release-key", System.Environment.GetEnvironmentVariable("MLOPS_RELEASE_KEY") ?? "");
        ReleaseKey = releaseKey.Length == 0 ? null : Root.CombineWithFilePath(releaseKey);
        var champion = cake.Argument<string>("champion", "");
        Champion = champion.Length == 0 ? null : champion;
    }

    // What the stages need to know about this model: set them in the host script's Setup
    // (new GovernanceContext(...) { Label = "...", ... }); the defaults fit the German credit sample.
    /// <summary>The label column of the data.</summary>
    public string Label { get; set; } = "credit_risk";
    /// <summary>The positive (favourable) label value.</summary>
    public string Positive { get; set; } = "good";
    /// <summary>Sensitive columns for the fairness stage (their intersections are reported too).</summary>
    public string[] Sensitive { get; set; } = { "sex", "age_group" };
    /// <summary>The privileged group per sensitive column (the disparate impact reference).</summary>
    public string[] Privileged { get; set; } = { "sex=male", "age_group=gt_25" };
    /// <summary>
    /// The model output the evaluation and fairness stages score with (mlops --output-column): the sample's ML.NET
    /// export has PredictedLabel.output, Score.output and Probability.output. Null lets mlops pick it (the positive
    /// class's probability column of a scikit-learn-style model).
    /// </summary>
    public string OutputColumn { get; set; } = "Probability.output";
    /// <summary>The evaluation stage's own checks (mlops evaluate --threshold), e.g. "accuracy>=0.7".</summary>
    public string[] EvaluationThresholds { get; set; } = { "accuracy>=0.7", "rocAuc>=0.7" };
    /// <summary>The data the trainer reads, relative to the project.</summary>
    public string DataFile { get; set; } = "data/german-credit.csv";
    /// <summary>The file name the trainer gives the model in out/.</summary>
    public string ModelFileName { get; set; } = "credit-risk.onnx";

    /// <summary>The governed model project (the template's root folder).</summary>
    public DirectoryPath Root { get; }
    public string Configuration { get; }
    public MlopsCommand Mlops { get; }
    /// <summary>Extra environment for every process (the repository sets an isolated NUGET_PACKAGES).</summary>
    public IDictionary<string, string> Environment { get; }
    /// <summary>The training seed; the reproducibility stage retrains with it.</summary>
    public ulong Seed { get; }

    public FilePath Data => Root.CombineWithFilePath(DataFile);
    /// <summary>The gate's policy (--policy, relative to the project; default governance-policy.yaml).</summary>
    public FilePath Policy { get; }
    public DirectoryPath Out => Root.Combine("out");
    public DirectoryPath Evidence => Out.Combine("evidence");
    public FilePath Model => Out.CombineWithFilePath(ModelFileName);
    public FilePath TrainData => Out.CombineWithFilePath("train.csv");
    public FilePath EvalData => Out.CombineWithFilePath("eval.csv");
    public FilePath TrainingRecord => Out.CombineWithFilePath("training.json");
    public FilePath EvidenceFile(string kind) => Evidence.CombineWithFilePath(kind + ".json");

    // Found by pattern so a project renamed by `dotnet new -n` needs no edit here.
    public FilePath TrainerProject(ICakeContext cake) => Single(cake, Root.FullPath + "/src/*.Trainer/*.Trainer.csproj");
    public FilePath ModelProject(ICakeContext cake) => Single(cake, Root.FullPath + "/src/*.Model/*.Model.csproj");

    /// <summary>
    /// The champion the Evaluate stage compares with (--champion): a model file, or catalog:&lt;reference&gt; for a version's
    /// registered artefact (e.g. catalog:credit-risk@production; the catalog is MLOPS_CATALOG's). Null: no champion.
    /// </summary>
    public string Champion { get; }

    /// <summary>The packed artefact (set by PackModel).</summary>
    public FilePath Artefact { get; set; }
    /// <summary>The rendered card next to the artefact (set by PackModel).</summary>
    public FilePath CardHtml { get; set; }
    /// <summary>Whether a from-scratch rebuild gave the same artefact (set by RebuildCheck).</summary>
    public bool? RebuildReproducible { get; set; }
    /// <summary>"passed" or "failed" (set by Gate).</summary>
    public string GateVerdict { get; set; }

    /// <summary>The trust file the Release stage judges approvals under (--trust, default governance/trust.yaml).</summary>
    public FilePath Trust { get; }
    /// <summary>The releasing key (--release-key or MLOPS_RELEASE_KEY); without it the Release stage is skipped.</summary>
    public FilePath ReleaseKey { get; set; }
    /// <summary>"released" or "blocked" (set by Release).</summary>
    public string ReleaseDecision { get; set; }
    /// <summary>The release page (set by Release).</summary>
    public FilePath ReleasePage { get; set; }

    private static FilePath Single(ICakeContext cake, string pattern)
    {
        var files = cake.Globber.GetFiles(pattern).ToList();
        if (files.Count != 1)
            throw new CakeException($"Expected exactly one project matching {pattern}, found {files.Count}.");
        return files[0];
    }
}

/// <summary>How to start `mlops`: the local dotnet tool (`dotnet mlops`) or a built mlops.dll (`dotnet mlops.dll`).</summary>
public sealed class MlopsCommand
{
    private MlopsCommand(string prefix) { Prefix = prefix; }
    public string Prefix { get; }
    /// <summary>The MlOps.Cli tool pinned in .config/dotnet-tools.json (restored by `dotnet tool restore`).</summary>
    public static MlopsCommand LocalTool() => new MlopsCommand("mlops");
    /// <summary>A built CLI, e.g. src/MlOps.Cli's output, for working on the CLI itself.</summary>
    public static MlopsCommand Dll(FilePath dll) => new MlopsCommand("\"" + dll.FullPath + "\"");
}

// Runs `dotnet <arguments>` in the project folder with the context's environment (and any extra variables); returns the exit code.
int GovernanceDotNet(GovernanceContext g, string arguments, IDictionary<string, string> extra = null)
{
    var environment = new Dictionary<string, string>(g.Environment);
    foreach (var pair in extra ?? new Dictionary<string, string>()) environment[pair.Key] = pair.Value;
    var settings = new ProcessSettings {
        Arguments = arguments,
        WorkingDirectory = g.Root,
        EnvironmentVariables = environment,
    };
    Verbose("dotnet {0}", arguments);
    return StartProcess("dotnet", settings);
}

// Runs `mlops <arguments>`. Exit 0 passed, 1 a governance check failed (allowed when the caller says so),
// 2 bad input: anything else than 0/1 stops the pipeline with mlops' own message above, followed by where in
// this pipeline the setting it names is made (mlops writes the error's settings to MLOPS_DIAGNOSTICS_FILE).
int Mlops(GovernanceContext g, string arguments, bool failedIsAllowed = false)
{
    var diagnostics = g.Root.CombineWithFilePath($"out/.mlops-diagnostic-{Guid.NewGuid():N}.json");
    try
    {
        var exit = GovernanceDotNet(g, g.Mlops.Prefix + " " + arguments,
            new Dictionary<string, string> { ["MLOPS_DIAGNOSTICS_FILE"] = diagnostics.FullPath });
        if (exit == 0 || (exit == 1 && failedIsAllowed)) return exit;
        foreach (var advice in GovernanceAdvice(diagnostics)) Error(advice);
        throw new CakeException($"mlops {arguments.Split(' ')[0]} failed with exit code {exit} (see its message above).");
    }
    finally
    {
        if (FileExists(diagnostics)) DeleteFile(diagnostics);
    }
}

// Where the pipeline sets what an mlops error names: the GovernanceContext properties of build.cake's Setup, or
// the script's own arguments.
readonly Dictionary<string, string> GovernanceSettings = new Dictionary<string, string>
{
    ["label"] = "set Label in build.cake's Setup (new GovernanceContext(...) { Label = \"...\" })",
    ["positive"] = "set Positive in build.cake's Setup (new GovernanceContext(...) { Positive = \"{0}\" })",
    ["sensitive"] = "set Sensitive in build.cake's Setup (the sensitive columns of the data)",
    ["privileged"] = "set Privileged in build.cake's Setup (\"<column>=<value>\" per sensitive column)",
    ["output-column"] = "set OutputColumn in build.cake's Setup (the model output that is the score, e.g. \"Probability.output\")",
    ["thresholds"] = "set EvaluationThresholds in build.cake's Setup (for example \"{0}\")",
    ["policy"] = "pass --policy <file> to ./build.sh (default governance-policy.yaml)",
    ["data"] = "set DataFile in build.cake's Setup (the data the trainer reads)",
};

IEnumerable<string> GovernanceAdvice(FilePath diagnostics)
{
    if (!FileExists(diagnostics)) yield break;
    var root = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(diagnostics.FullPath)).RootElement;
    foreach (var input in root.GetProperty("inputs").EnumerateArray())
    {
        if (!GovernanceSettings.TryGetValue(input.GetProperty("name").GetString(), out var advice)) continue;
        var value = input.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.String ? input.GetProperty("value").GetString() : "...";
        yield return "In this pipeline: " + advice.Replace("{0}", value) + ".";
    }
}

string Q(Cake.Core.IO.Path path) => "\"" + path.FullPath + "\"";

// " --output-column <name>" when the host script named the score output, else nothing (mlops picks it).
string GovernanceOutputColumn(GovernanceContext g) => string.IsNullOrEmpty(g.OutputColumn) ? "" : $" --output-column \"{g.OutputColumn}\"";

Task("Tools")
    .Description("Restores the project's local tools (Cake, mlops) from .config/dotnet-tools.json.")
    .WithCriteria<GovernanceContext>((ctx, g) => g.Mlops.Prefix == "mlops")
    .Does<GovernanceContext>(g =>
{
    if (GovernanceDotNet(g, "tool restore") != 0) throw new CakeException("dotnet tool restore failed.");
});

// Runs the trainer project with a seed into a folder.
void GovernanceTrain(GovernanceContext g, DirectoryPath output, ulong seed)
{
    var exit = GovernanceDotNet(g, $"run --project {Q(g.TrainerProject(Context))} -c {g.Configuration} -- --data {Q(g.Data)} --out {Q(output)} --seed {seed}");
    if (exit != 0) throw new CakeException($"The trainer failed with exit code {exit}.");
}

// Builds the model project; returns the .mlpkg it wrote. Extra MSBuild arguments go to dotnet build.
FilePath GovernancePack(GovernanceContext g, string extra = "")
{
    var project = g.ModelProject(Context);
    // The policy the GateEvidence stage judged with: the build compares it with gate.json's (MLOPS205 when stale).
    if (GovernanceDotNet(g, $"build {Q(project)} -c {g.Configuration} -nologo -p:MlOpsPolicy={Q(g.Policy)} {extra}") != 0)
        throw new CakeException("Building the model project failed (see the MLOPS errors above).");
    var output = project.GetDirectory().Combine($"bin/{g.Configuration}");
    var artefacts = GetFiles(output.FullPath + "/**/*.mlpkg").OrderBy(f => f.FullPath).ToList();
    if (artefacts.Count != 1) throw new CakeException($"Expected one .mlpkg under {output.FullPath}, found {artefacts.Count}.");
    return artefacts[0];
}

Task("Train")
    .Description("Trains the model with the seed: out/credit-risk.onnx, train.csv, eval.csv, training.json and evidence/training.json (the trainer writes it after the old evidence is cleared).")
    .Does<GovernanceContext>(g =>
{
    // Evidence is about one model: a new training run starts an empty evidence folder.
    if (DirectoryExists(g.Evidence)) CleanDirectory(g.Evidence);
    EnsureDirectoryExists(g.Evidence);
    GovernanceTrain(g, g.Out, g.Seed);
});

Task("Evaluate")
    .Description("Scores the evaluation split with the model: evidence/evaluation.json.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    var thresholds = string.Concat(g.EvaluationThresholds.Select(t => $" --threshold \"{t}\""));
    var champion = g.Champion is null ? "" : $" --champion \"{g.Champion}\"";
    Mlops(g, $"evaluate --model {Q(g.Model)} --data {Q(g.EvalData)} --label {g.Label} --positive {g.Positive}{GovernanceOutputColumn(g)}{thresholds}{champion} --out {Q(g.EvidenceFile("evaluation"))}", failedIsAllowed: true);
});

Task("Robustness")
    .Description("Flip rates under perturbation and the card's monotonic constraints on the evaluation split: evidence/robustness.json.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    var card = g.ModelProject(Context).GetDirectory().CombineWithFilePath("model-card.md");
    Mlops(g, $"robustness --model {Q(g.Model)} --data {Q(g.EvalData)} --label {g.Label} --positive {g.Positive}{GovernanceOutputColumn(g)} --card {Q(card)} --seed {g.Seed} --out {Q(g.EvidenceFile("robustness"))}", failedIsAllowed: true);
});

Task("Fairness")
    .Description("Per-group rates and disparities for the sensitive features on the evaluation split: evidence/fairness.json.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    Mlops(g, $"fairness --model {Q(g.Model)} --data {Q(g.EvalData)} --label {g.Label} --positive {g.Positive}{GovernanceOutputColumn(g)} --sensitive {string.Join(",", g.Sensitive)} --privileged {string.Join(",", g.Privileged)} --out {Q(g.EvidenceFile("fairness"))}", failedIsAllowed: true);
});

Task("Explain")
    .Description("Permutation importance per feature and local-contribution summaries per sensitive group on the evaluation split: evidence/explanations.json.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    Mlops(g, $"explain --model {Q(g.Model)} --data {Q(g.EvalData)} --label {g.Label} --positive {g.Positive}{GovernanceOutputColumn(g)} --sensitive {string.Join(",", g.Sensitive)} --out {Q(g.EvidenceFile("explanations"))}");
});

Task("DriftBaseline")
    .Description("Profiles the training split: evidence/drift-baseline.json (packed into the artefact).")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    Mlops(g, $"drift baseline --data {Q(g.TrainData)} --out {Q(g.EvidenceFile("drift-baseline"))}");
});

Task("DataQuality")
    .Description("Checks the evaluation split against the model's inputs, the training profile and the training rows (leakage): evidence/data-quality.json.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    Mlops(g, $"data check --data {Q(g.EvalData)} --model {Q(g.Model)} --baseline {Q(g.EvidenceFile("drift-baseline"))} --training {Q(g.TrainData)} --label {g.Label} --out {Q(g.EvidenceFile("data-quality"))}", failedIsAllowed: true);
});

Task("DriftCompare")
    .Description("Tests the evaluation split against the training baseline: evidence/drift-report.json and out/drift-report.html.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    Mlops(g, $"drift compare --baseline {Q(g.EvidenceFile("drift-baseline"))} --data {Q(g.EvalData)} --out {Q(g.EvidenceFile("drift-report"))} --html {Q(g.Out.CombineWithFilePath("drift-report.html"))}", failedIsAllowed: true);
});

Task("Reproducibility")
    .Description("Retrains with the seed recorded in out/training.json and compares the model: evidence/reproducibility.json.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    var recorded = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(g.TrainingRecord.FullPath)).RootElement.GetProperty("seed").GetUInt64();
    var again = g.Out.Combine("repro/model");
    GovernanceTrain(g, again, recorded);
    Mlops(g, $"repro --baseline {Q(g.Model)} --candidate {Q(again.CombineWithFilePath(g.Model.GetFilename()))} --data {Q(g.EvalData)} --out {Q(g.EvidenceFile("reproducibility"))}", failedIsAllowed: true);
});

Task("Changes")
    .Description("Compares the champion artefact (--champion <artefact.mlpkg>) with the evidence about to be packed: evidence/changes.json, the card's 'changes since' section.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    var changes = g.EvidenceFile("changes");
    if (FileExists(changes)) DeleteFile(changes);
    // Only an artefact carries the card and the evidence to compare with; a bare model or a catalog reference does not.
    if (g.Champion is null || !g.Champion.EndsWith(".mlpkg", StringComparison.OrdinalIgnoreCase))
    {
        Information(g.Champion is null
            ? "Changes: skipped (no champion; pass --champion <artefact.mlpkg> to compare with it)."
            : $"Changes: skipped (the champion '{g.Champion}' is not an .mlpkg artefact, which the comparison needs).");
        return;
    }
    var card = g.ModelProject(Context).GetDirectory().CombineWithFilePath("model-card.md");
    Mlops(g, $"diff \"{g.Champion}\" {Q(g.Evidence)} --card {Q(card)} --model {Q(g.Model)} --version {GovernanceModelVersion(g)} --out {Q(changes)}");
});

Task("GateEvidence")
    .Description("Runs the gate on the loose evidence before packaging: evidence/gate.json, so the card shows the verdict.")
    .IsDependentOn("Tools")
    .Does<GovernanceContext>(g =>
{
    var card = g.ModelProject(Context).GetDirectory().CombineWithFilePath("model-card.md");
    var gate = g.EvidenceFile("gate");
    if (FileExists(gate)) DeleteFile(gate);
    // The artefact does not exist yet: give the gate the version `dotnet build` will stamp on it.
    var version = GovernanceModelVersion(g);
    Mlops(g, $"gate {Q(g.Evidence)} --card {Q(card)} --model {Q(g.Model)} --version {version} --policy {Q(g.Policy)} --out {Q(gate)}", failedIsAllowed: true);
});

// The model project's evaluated Version property (what MlOps.Build stamps on the artefact unless the MlModel
// item sets its own Version metadata), read with `dotnet msbuild -getProperty` so Directory.Build.props counts too.
string GovernanceModelVersion(GovernanceContext g)
{
    var settings = new ProcessSettings {
        Arguments = $"msbuild {Q(g.ModelProject(Context))} -nologo -getProperty:Version",
        WorkingDirectory = g.Root,
        EnvironmentVariables = g.Environment,
        RedirectStandardOutput = true,
    };
    var exit = StartProcess("dotnet", settings, out IEnumerable<string> output);
    var version = output.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
    if (exit != 0 || string.IsNullOrEmpty(version))
        throw new CakeException($"Could not read the Version of {g.ModelProject(Context).FullPath} (dotnet msbuild -getProperty:Version exited {exit}).");
    return version;
}

Task("PackModel")
    .Description("dotnet build of the model project: the .mlpkg with the model, card and evidence.")
    .Does<GovernanceContext>(g =>
{
    g.Artefact = GovernancePack(g);
    g.CardHtml = g.Artefact.ChangeExtension(".model-card.html");
    Information("Artefact: {0}", g.Artefact.FullPath);
});

Task("RebuildCheck")
    .Description("Rebuilds the artefact from scratch (dotnet build --no-incremental) and compares it with the first build: out/repro/artefact.json.")
    .IsDependentOn("Tools")
    .IsDependentOn("PackModel")
    .Does<GovernanceContext>(g =>
{
    var first = g.Out.Combine("repro/first-build");
    EnsureDirectoryExists(first);
    CleanDirectory(first);
    CopyFileToDirectory(g.Artefact, first);
    // A full rebuild (clean, then build) of the same inputs must give the same bytes.
    var rebuilt = GovernancePack(g, "--no-incremental");
    // The comparison is about the packed artefact, so it cannot be inside it: it stays beside it in out/repro.
    var exit = Mlops(g, $"repro --baseline {Q(first.CombineWithFilePath(g.Artefact.GetFilename()))} --candidate {Q(rebuilt)} --out {Q(g.Out.CombineWithFilePath("repro/artefact.json"))}", failedIsAllowed: true);
    g.RebuildReproducible = exit == 0;
});

Task("Gate")
    .Description("Checks the packed artefact against the policy for its risk level; lists every unmet requirement.")
    .IsDependentOn("Tools")
    .IsDependentOn("PackModel")
    .Does<GovernanceContext>(g =>
{
    var exit = Mlops(g, $"gate {Q(g.Artefact)} --policy {Q(g.Policy)}", failedIsAllowed: true);
    g.GateVerdict = exit == 0 ? "passed" : "failed";
});

Task("Release")
    .Description("Decides the release: the gate and the approvals in the artefact's bundle, judged under governance/trust.yaml; when it passes, appends the release record signed with --release-key. Writes out/release/release.html either way.")
    .IsDependentOn("Tools")
    .IsDependentOn("PackModel")
    .WithCriteria<GovernanceContext>((ctx, g) => g.ReleaseKey is not null && ctx.FileExists(g.Trust))
    .Does<GovernanceContext>(g =>
{
    var folder = g.Out.Combine("release");
    var exit = Mlops(g, $"release {Q(g.Artefact)} --trust {Q(g.Trust)} --key {Q(g.ReleaseKey)} --policy {Q(g.Policy)} --out {Q(folder)}", failedIsAllowed: true);
    g.ReleaseDecision = exit == 0 ? "released" : "blocked";
    g.ReleasePage = folder.CombineWithFilePath("release.html");
    Information("Release:              {0}", g.ReleaseDecision);
    Information("Release page:         {0}", g.ReleasePage.FullPath);
    if (g.ReleaseDecision == "blocked" && !HasArgument("allow-gate-failure"))
        throw new CakeException("The release is blocked (see the unmet requirements above and the release page).");
});

Task("Governed")
    .Description("The whole governed pipeline on the project: every stage, the artefact, the gate verdict.")
    .IsDependentOn("Train")
    .IsDependentOn("Evaluate")
    .IsDependentOn("Robustness")
    .IsDependentOn("Fairness")
    .IsDependentOn("Explain")
    .IsDependentOn("DriftBaseline")
    .IsDependentOn("DataQuality")
    .IsDependentOn("DriftCompare")
    .IsDependentOn("Reproducibility")
    .IsDependentOn("Changes")
    .IsDependentOn("GateEvidence")
    .IsDependentOn("PackModel")
    .IsDependentOn("RebuildCheck")
    .IsDependentOn("Gate")
    .Does<GovernanceContext>(g =>
{
    Information("");
    Information("Rebuild reproducible: {0}", g.RebuildReproducible is null ? "not checked" : g.RebuildReproducible.Value ? "yes (same artefact digest)" : "NO (see out/repro/artefact.json)");
    Information("Gate verdict:         {0}", g.GateVerdict ?? "not run");
    Information("Artefact:             {0}", g.Artefact?.FullPath ?? "none");
    Information("Model card:           {0}", g.CardHtml is not null && FileExists(g.CardHtml) ? g.CardHtml.FullPath : "none");
    // A failed gate fails the build, as a release pipeline needs; --allow-gate-failure only reports it.
    if (g.GateVerdict == "failed" && !HasArgument("allow-gate-failure"))
        throw new CakeException("The gate failed (see the unmet requirements above). Fix them, or pass --allow-gate-failure to only report.");
});
