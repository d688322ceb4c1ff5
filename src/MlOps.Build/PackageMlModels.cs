using System.Globalization;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Provenance;
using MlOps.Build.Attesting;
using MlOps.Build.Claims;
using MlOps.Build.Diagnostics;
using MlOps.Diagnostics;
using MlOps.Build.Items;
using MlOps.Governance.Packaging;
using MlOps.Release.Bom;

namespace MlOps.Build;

/// <summary>
/// Packages each <c>MlModel</c> item into <c>&lt;name&gt;-&lt;version&gt;.mlpkg</c>, its <c>.sha256</c>
/// sidecar and the rendered card, by calling <see cref="MlPackageBuilder"/>, then appends the build's SLSA
/// provenance to the artefact's attestation bundle (signed when a key is configured). The task only gathers
/// what MSBuild knows (paths, version, the clock, tool versions), reports problems as MLOPS1xx errors
/// with file, line, column and help link, and returns what it wrote. Used by MlOps.Build.targets.
/// </summary>
public sealed class PackageMlModels : Microsoft.Build.Utilities.Task
{
    /// <summary>
    /// The resolved MlModel items: the ONNX path, with metadata Name, Version, Card, TrainingData,
    /// EvaluationData, EvidenceDirectory and PackagePath (the artefact path MSBuild expects).
    /// </summary>
    [Required]
    public ITaskItem[] Models { get; set; } = [];

    /// <summary>The project file ($(MSBuildProjectFullPath)): blamed for problems of the MlModel items and
    /// project properties, which are declared there.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>The project folder; relative metadata paths are resolved against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary>Where the artefacts go ($(MlOpsOutputDirectory), by default $(OutDir)).</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>
    /// The clock inside the artefact, in seconds since 1970 ($(MlOpsSourceDateEpoch)); empty: the
    /// builder uses SOURCE_DATE_EPOCH, else the commit time, else 1980-01-01.
    /// </summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>The repository root for lineage; empty: git's top level above the model.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>$(MSBuildVersion), recorded in the lineage.</summary>
    public string? MSBuildVersion { get; set; }

    /// <summary>$(NETCoreSdkVersion), recorded in the lineage.</summary>
    public string? SdkVersion { get; set; }

    /// <summary>
    /// $(MlOpsEmitBom): true also writes the artefact's CycloneDX 1.6 ML-BOM beside it,
    /// <c>&lt;name&gt;-&lt;version&gt;.cdx.json</c> (docs/bom.md); false (the default) writes none and removes one an
    /// earlier build left, which would describe other bytes.
    /// </summary>
    public bool EmitBom { get; set; }

    /// <summary>One item per artefact written (the .mlpkg) with metadata Name, Version, Digest,
    /// Sha256Path, CardMarkdownPath, CardHtmlPath, CardJsonPath, BomPath (empty without MlOpsEmitBom) and
    /// Model (the source ONNX).</summary>

    /// <summary>
    /// The policy file the gate applies ($(MlOpsPolicy), else the nearest governance-policy.yaml at or above the project);
    /// empty: none is known, and packed gate evidence is compared with the card's risk only (MLOPS205 when stale).
    /// </summary>
    public string? PolicyPath { get; set; }

    /// <summary>$(MlOpsSigningKey): the private key (PKCS#8 PEM) that signs the provenance; relative to the project.</summary>
    public string? SigningKey { get; set; }

    /// <summary>$(MLOPS_SIGNING_KEY), used when <see cref="SigningKey"/> is empty.</summary>
    public string? SigningKeyFromEnvironment { get; set; }

    /// <summary>$(RepositoryUrl), recorded in the provenance; empty: git's origin remote.</summary>
    public string? RepositoryUrl { get; set; }

    /// <summary>One item per artefact written (the .mlpkg) with metadata Name, Version, Digest,
    /// AttestationsPath (the bundle), Sha256Path, CardMarkdownPath, CardHtmlPath, CardJsonPath and Model (the source ONNX).</summary>
    [Output]
    public ITaskItem[] Packages { get; private set; } = [];

    /// <summary>Every file written, for FileWrites.</summary>
    [Output]
    public ITaskItem[] FileWrites { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var projectFile = string.IsNullOrEmpty(ProjectFile) ? BuildEngine?.ProjectFileOfTaskNode ?? "" : ProjectFile;
        var reporter = new MlOpsErrorReporter(Log, projectFile);
        var epoch = ParseEpoch(reporter);
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        // The key is loaded before anything is written: a wrong passphrase must not leave an artefact whose
        // provenance silently went unsigned.
        using var key = LoadSigningKey(reporter);
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        // Every item is checked, and every artefact claimed, before the first file is written: an item
        // that cannot be packaged must not leave a file that a later build would take for its output.
        var items = Models.Select(m => MlModelItem.From(m, ProjectDirectory)).ToList();
        var problems = MlModelItemValidator.Validate(items);
        foreach (var problem in problems)
        {
            reporter.Error(problem.Diagnostic, projectFile, 0, 0, problem.Message);
        }

        var blocked = problems.SelectMany(p => p.Items).ToHashSet();
        var claimed = new List<(MlModelItem Item, ClaimHolder Claim)>();
        foreach (var item in items.Where(i => !blocked.Contains(i)))
        {
            if (Claim(item, projectFile, reporter) is { } claim)
            {
                claimed.Add((item, claim));
            }
        }

        var packages = new List<ITaskItem>();
        var written = new List<ITaskItem>();
        var tools = ToolVersions();
        foreach (var (item, claim) in claimed)
        {
            var result = PackageOne(item, epoch, tools, reporter);
            if (result is null)
            {
                ArtefactClaim.Withdraw(claim);
                continue;
            }

            written.AddRange(result.Files.Select(f => new TaskItem(f)));
            var bomPath = WriteBom(result, reporter);
            if (EmitBom && bomPath is null)
            {
                ArtefactClaim.Withdraw(claim);
                continue;
            }
            if (bomPath is not null)
            {
                written.Add(new TaskItem(bomPath));
            }
            if (RecordProvenance(item, result, projectFile, key, reporter) is not { } bundle)
            {
                continue;
            }

            written.Add(new TaskItem(bundle));
            packages.Add(Describe(item, result, bundle, bomPath));
        }

        Packages = packages.ToArray();
        FileWrites = written.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Claims the item's artefact for this project (docs/MLOPS127.md); null, with the error logged, when
    /// another project writes it into the same folder or the claim cannot be written.
    /// </summary>
    private ClaimHolder? Claim(MlModelItem item, string projectFile, MlOpsErrorReporter reporter)
    {
        if (string.IsNullOrEmpty(item.ExpectedPackagePath))
        {
            // Only a hand-written call of the task leaves the path out (the targets always predict it):
            // nothing to claim, and so nothing to withdraw.
            return new ClaimHolder("", projectFile, IsThisProject: true, IsNew: false);
        }

        ClaimHolder holder;
        try
        {
            holder = ArtefactClaim.Take(item.ExpectedPackagePath, projectFile);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            reporter.ReportOutputFailure(error, OutputDirectory);
            return null;
        }

        if (holder.IsThisProject)
        {
            return holder;
        }

        var other = holder.ProjectFile.Length > 0 ? $"project '{holder.ProjectFile}'" : "another project (the claim names none)";
        reporter.Error(DiagnosticCatalog.ArtefactClaimedByAnotherProject, projectFile, 0, 0,
            $"{item.Display} would write '{item.ExpectedPackagePath}', which {other} already writes: this project ('{projectFile}') " +
            $"and that one share the output folder and the model's name and version, so each build would overwrite the other's artefact. " +
            $"The claim '{holder.ClaimPath}' names the project that wrote it first. " +
            "Fix: give the models different Name or Version metadata, or give one of the projects another MlOpsOutputDirectory. " +
            $"If that project was moved, renamed or deleted, delete '{holder.ClaimPath}' and build again.");
        return null;
    }

    private PackageResult? PackageOne(MlModelItem item, long? epoch, IReadOnlyDictionary<string, string> tools, MlOpsErrorReporter reporter)
    {
        var request = new PackageRequest
        {
            ModelPath = item.ModelPath,
            CardPath = item.CardPath!,
            Name = item.Name,
            Version = item.Version,
            TrainingData = item.TrainingData,
            EvaluationData = item.EvaluationData,
            EvidenceDirectory = item.EvidenceDirectory,
            OutputDirectory = OutputDirectory,
            SourceDateEpoch = epoch,
            RepositoryRoot = string.IsNullOrWhiteSpace(RepositoryRoot) ? null : RepositoryRoot,
            ToolVersions = tools,
            PolicyPath = string.IsNullOrWhiteSpace(PolicyPath) ? null : PolicyPath,
        };
        LogRequest(item, request);

        PackageResult result;
        try
        {
            result = MlPackageBuilder.Build(request);
        }
        catch (MlOpsException error)
        {
            reporter.Report(error);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            reporter.ReportOutputFailure(error, OutputDirectory);
            return null;
        }

        // The target's incremental check and FileWrites use the path MSBuild predicted; a different
        // one would never be seen as up to date nor cleaned.
        if (!string.IsNullOrEmpty(item.ExpectedPackagePath)
            && !PathsEqual(result.PackagePath, item.ExpectedPackagePath))
        {
            reporter.Error(DiagnosticCatalog.UnexpectedArtefactPath, file: null, 0, 0,
                $"{item.Display} was written to '{result.PackagePath}', but MSBuild expected '{item.ExpectedPackagePath}'. " +
                "Fix: set the MlModel item's Name (and Version) metadata explicitly so MSBuild knows the artefact's name without reading the card.");
        }

        WarnAboutVersion(item, result, reporter);
        Log.LogMessage(MessageImportance.High, "MlOps: {0} {1} -> {2}", result.Manifest.Name, result.Manifest.Version, result.PackagePath);
        Log.LogMessage(MessageImportance.Normal,
            "MlOps: wrote {0} (sha256 {1}, artefact digest {2}), {3}, card {4}, {5}, {6}",
            result.PackagePath, result.PackageSha256, result.Digest, result.Sha256Path,
            result.CardMarkdownPath, result.CardHtmlPath, result.CardJsonPath);
        return result;
    }

    /// <summary>
    /// The two ways one version can stop naming one artefact: the card says another version (the project's wins,
    /// MLOPS187), and the artefact's model, card or evidence changed while the version stayed (MLOPS188); and packed gate
    /// evidence judged for another risk or policy than the card's (MLOPS205).
    /// </summary>
    private static void WarnAboutVersion(MlModelItem item, PackageResult result, MlOpsErrorReporter reporter)
    {
        if (result.IgnoredCardVersion is { } ignored)
        {
            reporter.Warning(DiagnosticCatalog.CardVersionIgnored, ignored.File,
                MlOpsErrorReporter.Position(ignored.Line), MlOpsErrorReporter.Position(ignored.Column),
                $"The card says 'version: {ignored.CardVersion}', but {item.Display} is version {ignored.Version} (the project's Version, " +
                $"or the MlModel item's Version metadata), which wins and names the artefact. " +
                $"Fix: remove 'version:' from the card, or set it to {ignored.Version}.");
        }
        if (result.StaleGate is { } stale)
        {
            reporter.Warning(DiagnosticCatalog.StaleGateEvidence, item.CardPath, 0, 0,
                $"{item.Display} packs gate evidence whose verdict no longer applies: it was {stale}. " +
                "The card shows the verdict as stale instead of passed or failed. " +
                "Fix: run the gate again on the evidence with this card and policy before packaging (or set MlOpsPolicy to the policy the gate used).");
        }
        if (result.Replaced is { } replaced)
        {
            reporter.Warning(DiagnosticCatalog.ArtefactChangedUnderSameVersion, file: null, 0, 0,
                $"{item.Display} replaced '{replaced.Path}' with a different artefact under the same name and version " +
                $"{result.Manifest.Version}: {string.Join(", ", replaced.Changed)} changed. Two different artefacts now share one version, " +
                "and a copy of the earlier one elsewhere (a catalog, a registry, a release) cannot be told apart by it. " +
                "Fix: give the model a new Version (the project's Version, or the MlModel item's Version metadata) whenever its model, card or evidence change.");
        }
    }

    /// <summary>
    /// With <see cref="EmitBom"/>, the BOM beside the artefact just written (its path; null, with the error logged,
    /// when it could not be made). Without, null, and a BOM an earlier build left there is removed.
    /// </summary>
    private string? WriteBom(PackageResult result, MlOpsErrorReporter reporter)
    {
        var bomPath = ModelBom.PathBeside(result.PackagePath);
        try
        {
            if (!EmitBom)
            {
                File.Delete(bomPath);
                return null;
            }
            ModelBom.Write(result.PackagePath, bomPath);
        }
        catch (MlOpsException error)
        {
            reporter.Report(error);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            reporter.ReportOutputFailure(error, OutputDirectory);
            return null;
        }
        Log.LogMessage(MessageImportance.Normal, "MlOps: wrote the CycloneDX ML-BOM {0}", bomPath);
        return bomPath;
    }

    private SigningKey? LoadSigningKey(MlOpsErrorReporter reporter)
    {
        if (SigningKeySetting.PathOf(SigningKey, SigningKeyFromEnvironment, ProjectDirectory) is not { } path)
        {
            return null;
        }

        try
        {
            var key = SigningKeySetting.Load(path);
            Log.LogMessage(MessageImportance.Normal, "MlOps: provenance is signed with {0} (key id {1})", path, key.Id);
            return key;
        }
        catch (MlOpsException error)
        {
            reporter.Report(error);
            return null;
        }
    }

    /// <summary>Appends the provenance of <paramref name="result"/> to its bundle; the bundle's path, or null with the error logged.</summary>
    private string? RecordProvenance(MlModelItem item, PackageResult result, string projectFile, SigningKey? key, MlOpsErrorReporter reporter)
    {
        ProvenanceOutcome outcome;
        try
        {
            var facts = BuildProvenance.Of(item, result, projectFile,
                string.IsNullOrWhiteSpace(RepositoryRoot) ? null : RepositoryRoot, RepositoryUrl);
            outcome = ProvenanceRecorder.Record(result.PackagePath, facts, key);
        }
        catch (MlOpsException error)
        {
            reporter.Report(error);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            reporter.ReportOutputFailure(error, OutputDirectory);
            return null;
        }

        if (outcome.Superseded is { } superseded)
        {
            Log.LogMessage(MessageImportance.High,
                "MlOps: {0} was rebuilt with other bytes; the attestations about its previous bytes were kept as {1}, and a new bundle starts.",
                Path.GetFileName(result.PackagePath), superseded);
        }

        if (key is null)
        {
            // Not a warning: unsigned provenance is the normal state of a developer build (and warnings are errors
            // in many projects). But it must be seen: an unsigned statement counts for nothing at release time.
            Log.LogMessage(MessageImportance.High,
                "MlOps: provenance of {0} is unsigned (no signing key configured): {1}. Set the MlOpsSigningKey property or the {2} environment variable to sign it.",
                Path.GetFileName(result.PackagePath), outcome.BundlePath, SigningKeySetting.KeyVariable);
        }
        else
        {
            Log.LogMessage(MessageImportance.Normal, "MlOps: provenance of {0} signed by key {1} -> {2}",
                Path.GetFileName(result.PackagePath), KeyId.Short(key.Id), outcome.BundlePath);
        }

        if (!outcome.Appended)
        {
            Log.LogMessage(MessageImportance.Normal, "MlOps: {0} already holds this provenance; nothing appended", outcome.BundlePath);
        }

        return outcome.BundlePath;
    }

    private void LogRequest(MlModelItem item, PackageRequest request)
    {
        static string List(IReadOnlyList<string> files) => files.Count == 0 ? "(none)" : string.Join(", ", files);
        Log.LogMessage(MessageImportance.Normal,
            "MlOps: packaging {0} {1}: model {2}; card {3}; training data {4}; evaluation data {5}; evidence {6}; output {7}; clock {8}; repository {9}",
            item.Name, item.Version, request.ModelPath, request.CardPath, List(request.TrainingData), List(request.EvaluationData),
            request.EvidenceDirectory ?? "(none)", request.OutputDirectory,
            request.SourceDateEpoch?.ToString(CultureInfo.InvariantCulture) ?? "(SOURCE_DATE_EPOCH, else commit time)",
            request.RepositoryRoot ?? "(git top level)");
    }

    private long? ParseEpoch(MlOpsErrorReporter reporter)
    {
        var text = SourceDateEpoch?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        reporter.Error(DiagnosticCatalog.InvalidSourceDateEpochProperty, file: null, 0, 0,
            $"MlOpsSourceDateEpoch is '{text}', not a count of seconds since 1970-01-01. " +
            "Fix: set it to a non-negative integer (for example the output of `git log -1 --format=%ct`) or remove it.");
        return null;
    }

    private Dictionary<string, string> ToolVersions()
    {
        var tools = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MlOps.Build"] = typeof(PackageMlModels).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(PackageMlModels).Assembly.GetName().Version?.ToString() ?? "unknown",
        };
        if (!string.IsNullOrWhiteSpace(MSBuildVersion))
        {
            tools["msbuild"] = MSBuildVersion.Trim();
        }

        if (!string.IsNullOrWhiteSpace(SdkVersion))
        {
            tools["dotnet-sdk"] = SdkVersion.Trim();
        }

        return tools;
    }

    private static TaskItem Describe(MlModelItem item, PackageResult result, string bundle, string? bomPath)
    {
        var package = new TaskItem(result.PackagePath);
        package.SetMetadata("Name", result.Manifest.Name);
        package.SetMetadata("Version", result.Manifest.Version);
        package.SetMetadata("Digest", result.Digest);
        package.SetMetadata("PackageSha256", result.PackageSha256);
        package.SetMetadata("Sha256Path", result.Sha256Path);
        package.SetMetadata("AttestationsPath", bundle);
        package.SetMetadata("CardMarkdownPath", result.CardMarkdownPath);
        package.SetMetadata("CardHtmlPath", result.CardHtmlPath);
        package.SetMetadata("CardJsonPath", result.CardJsonPath);
        package.SetMetadata("BomPath", bomPath ?? "");
        package.SetMetadata("Model", item.ModelPath);
        return package;
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b),
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
