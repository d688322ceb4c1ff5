using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using MlOps.Onnx;
using MlOps.IO;
using MlOps.Diagnostics;
using MlOps.Hashing;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Lineage;
using MlOps.Governance.Models;

namespace MlOps.Governance.Packaging;

/// <summary>
/// Builds a governed model artefact (.mlpkg, format v1; docs/artefact-format.md) from a model (ONNX, or an ML.NET
/// .zip: docs/mlnet-models.md) and its card.
/// </summary>
/// <example>
/// <code>
/// var result = MlPackageBuilder.Build(new PackageRequest
/// {
///     ModelPath = "model/credit-risk.onnx",
///     CardPath = "model-card.md",
///     Version = "1.2.0",                         // the project's Version; null: the card's
///     TrainingData = ["data/train.csv"],
///     EvaluationData = ["data/eval.csv"],
///     EvidenceDirectory = "evidence",            // optional; missing folder = no evidence
///     OutputDirectory = "bin/Release/net8.0",
///     ToolVersions = new Dictionary&lt;string, string&gt; { ["MlOps.Build"] = "0.1.0" },
/// });
/// // result.PackagePath: bin/Release/net8.0/credit-risk-1.2.0.mlpkg, result.Sha256Path its sidecar,
/// // result.CardHtmlPath etc. the rendered card beside it, result.Digest the artefact digest.
/// </code>
/// Every bad input is an <see cref="MlOpsException"/> with its MLOPS1xx code, the file (line/column where there is one)
/// and the fix; nothing is written then. Same inputs give the same bytes.
/// </example>
public static partial class MlPackageBuilder
{
    /// <summary>Validates the inputs, builds the artefact, writes it with its sidecar and the rendered card.</summary>
    public static PackageResult Build(PackageRequest request)
    {
        var modelPath = Path.GetFullPath(request.ModelPath);
        if (!File.Exists(modelPath))
        {
            throw new MlOpsException("The model file does not exist.", file: modelPath,
                fix: "Correct the model's path, or train and export the model first.", diagnostic: DiagnosticCatalog.ModelMissing, inputs: [UserInputs.Model]);
        }
        if (new FileInfo(modelPath).Length > int.MaxValue)
        {
            throw new MlOpsException("The model file is larger than 2 GiB, which ONNX (protobuf) and .mlpkg format v1 cannot hold.",
                file: modelPath, fix: "Reduce the model size (quantize or prune it); ONNX external data is not supported in format v1.",
                diagnostic: DiagnosticCatalog.ArtefactTooLarge);
        }
        var sourceBytes = File.ReadAllBytes(modelPath);
        // ONNX or ML.NET by content (an ML.NET model is a ZIP archive); a .zip that is not one is MLOPS147, not "not ONNX".
        var mlnet = modelPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || ModelFormats.IsZip(sourceBytes)
            ? MlNetModel.Read(sourceBytes, modelPath) : null;
        var onnx = mlnet is null ? OnnxModel.Parse(sourceBytes, modelPath) : null;

        var card = CardSourceParser.ParseFile(Path.GetFullPath(request.CardPath));
        CardRequirements.Enforce(card);

        var name = request.Name is { Length: > 0 } n ? n : card.Name ?? Path.GetFileNameWithoutExtension(modelPath);
        ValidateName(name, request.Name is { Length: > 0 } ? null : card.Name is not null ? card.FilePath : modelPath);
        var version = CardVersion.Resolve(request.Version, card);

        // The source digest survives repackaging: a model that was packaged before keeps its original identity.
        var sourceSha256 = mlnet is not null ? SourceModelDigest.Of(mlnet, sourceBytes) : SourceModelDigest.Of(onnx!, sourceBytes);

        var git = GitProbe.Probe(request.RepositoryRoot ?? Path.GetDirectoryName(modelPath)!);
        var repositoryRoot = request.RepositoryRoot ?? git?.RepositoryRoot;
        var epoch = SourceDateEpoch.Resolve(request.SourceDateEpoch, git);

        var data = request.TrainingData.Select(f => DataSetDigest.Of(DataSetRole.Training, f, repositoryRoot))
            .Concat(request.EvaluationData.Select(f => DataSetDigest.Of(DataSetRole.Evaluation, f, repositoryRoot)))
            .ToList();

        var evidence = LoadEvidence(request.EvidenceDirectory, sourceSha256, modelPath);
        var policyDigest = PolicyDigest(request.PolicyPath);

        KeyValuePair<string, string>[] metadata =
        [
            new(ModelMetadataKeys.Card, card.Text),
            new(ModelMetadataKeys.Name, name),
            new(ModelMetadataKeys.Version, version),
            new(ModelMetadataKeys.SourceDigest, sourceSha256),
        ];
        var packagedModel = mlnet is not null
            ? MlNetMetadataWriter.WithMetadata(sourceBytes, metadata, modelPath)
            : OnnxMetadataWriter.WithMetadata(sourceBytes, metadata, modelPath);
        var description = mlnet is not null ? ModelDescription.Of(mlnet) : ModelDescription.Of(onnx!);

        var members = new List<ZipMember> { new(ArtefactPaths.ModelFor(description.Format), packagedModel) };
        members.AddRange(evidence.Select(e => new ZipMember(e.MemberPath, e.Bytes)));
        var pinned = members.Select(m => Pin(m)).OrderBy(m => m.Path, StringComparer.Ordinal).ToList();

        var tools = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tool, toolVersion) in request.ToolVersions)
        {
            tools[tool] = toolVersion;
        }
        tools["MlOps.Governance"] = request.GovernanceVersion ?? GovernanceVersion();
        var lineage = new ManifestLineage(git?.Commit, git is null ? null : git.Dirty, epoch, tools);

        var document = new CardDocument
        {
            Source = card,
            Name = name,
            Version = version,
            Model = description,
            SourceModelSha256 = sourceSha256,
            Members = pinned,
            Lineage = new ArtefactManifestLineageView(lineage, data),
            Evidence = evidence,
            PolicyDigest = policyDigest,
        };
        var cardMembers = new List<ZipMember>
        {
            new(ArtefactPaths.CardMarkdown, Encoding.UTF8.GetBytes(CardMarkdownRenderer.Render(document))),
            new(ArtefactPaths.CardHtml, Encoding.UTF8.GetBytes(CardHtmlRenderer.Render(document))),
            new(ArtefactPaths.CardJson, CardJsonRenderer.Render(document)),
        };
        members.AddRange(cardMembers);
        var pinnedCards = cardMembers.Select(m => Pin(m)).ToList();

        var manifest = new ArtefactManifest
        {
            Name = name,
            Version = version,
            Model = description,
            SourceModelSha256 = sourceSha256,
            Members = pinned.Concat(pinnedCards).OrderBy(m => m.Path, StringComparer.Ordinal).ToList(),
            Data = data,
            Lineage = lineage,
            Risk = card.Risk!,
            Evidence = evidence.Select(e => new ManifestEvidence(e.MemberPath, e.Kind, e.Verdict, e.Sha256, e.ModelSha256)).ToList(),
        };
        var manifestBytes = manifest.ToCanonicalBytes();
        var digest = Sha256Hex.Of(manifestBytes);
        members.Add(new ZipMember(ArtefactPaths.Manifest, manifestBytes));

        var output = Path.GetFullPath(request.OutputDirectory);
        Directory.CreateDirectory(output);
        var baseName = $"{name}-{version}";
        var packagePath = Path.Combine(output, baseName + ArtefactPaths.Extension);
        var replaced = ReplacedArtefact.Compare(packagePath, ReplacedArtefact.Before(packagePath), ReplacedArtefact.ArtefactContent.Of(manifest));
        AtomicFile.Write(packagePath, stream => DeterministicZipWriter.Write(stream, members, epoch, ArtefactPaths.Comment(digest)), createFolder: true);
        var packageSha256 = Sha256Hex.OfFile(packagePath);
        Sidecar.Write(packagePath, packageSha256);

        var beside = document with
        {
            Packaging = new CardPackaging(Path.GetFileName(packagePath), digest, packageSha256, pinnedCards.OrderBy(m => m.Path, StringComparer.Ordinal).ToList()),
        };
        var cardMd = Path.Combine(output, baseName + ".model-card.md");
        var cardHtml = Path.Combine(output, baseName + ".model-card.html");
        var cardJson = Path.Combine(output, baseName + ".model-card.json");
        AtomicFile.Write(cardMd, Encoding.UTF8.GetBytes(CardMarkdownRenderer.Render(beside)), createFolder: true);
        AtomicFile.Write(cardHtml, Encoding.UTF8.GetBytes(CardHtmlRenderer.Render(beside)), createFolder: true);
        AtomicFile.Write(cardJson, CardJsonRenderer.Render(beside), createFolder: true);

        return new PackageResult
        {
            PackagePath = packagePath,
            Sha256Path = Sidecar.PathFor(packagePath),
            CardMarkdownPath = cardMd,
            CardHtmlPath = cardHtml,
            CardJsonPath = cardJson,
            Digest = digest,
            PackageSha256 = packageSha256,
            Manifest = manifest,
            IgnoredCardVersion = CardVersion.Ignored(version, card),
            Replaced = replaced,
            StaleGate = evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.Gate) is { } gate ? GateFreshness.StaleReason(gate, card.Risk!, policyDigest) : null,
        };
    }

    private static void ValidateName(string name, string? source)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new MlOpsException(
                $"'{name}' is not a valid model name: it names the .mlpkg file, so it must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.",
                file: source,
                fix: "Change the model's name (the card's 'name:') to something like credit-risk.",
                diagnostic: DiagnosticCatalog.InvalidModelName, inputs: [UserInputs.ModelName.Example("credit-risk")]);
        }
    }

    private static List<EvidenceFile> LoadEvidence(string? directory, string sourceSha256, string modelPath)
    {
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return [];
        }
        var files = Directory.GetFiles(directory, "*.json", SearchOption.TopDirectoryOnly)
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal);
        var byKind = new Dictionary<string, EvidenceFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var evidence = EvidenceFile.Load(file);
            evidence.EnsureAbout(sourceSha256, modelPath);
            if (byKind.TryGetValue(evidence.Kind, out var other))
            {
                throw new MlOpsException(
                    $"Two evidence files are of kind '{evidence.Kind}': {Path.GetFileName(other.Source)} and {Path.GetFileName(file)}.",
                    file: file, fix: "Keep one evidence file per kind in the evidence folder (an artefact holds evidence/<kind>.json).",
                    diagnostic: DiagnosticCatalog.DuplicateEvidenceKind);
            }
            byKind[evidence.Kind] = evidence;
        }
        return byKind.Values.OrderBy(e => e.MemberPath, StringComparer.Ordinal).ToList();
    }

    // null: not known; "": the built-in policy; else the file, which must exist (a mistyped policy path must not
    // silently make every verdict look fresh or stale).
    private static string? PolicyDigest(string? policyPath)
    {
        if (policyPath is null)
        {
            return null;
        }
        if (policyPath.Length > 0 && !File.Exists(policyPath))
        {
            throw new MlOpsException("The policy file does not exist.", file: Path.GetFullPath(policyPath),
                fix: "Correct the policy's path, or leave it out to compare gate evidence with the card's risk only.", inputs: [UserInputs.Policy]);
        }
        return GateFreshness.PolicyDigest(policyPath.Length == 0 ? null : Path.GetFullPath(policyPath));
    }

    private static ManifestMember Pin(ZipMember member) => new(member.Path, Sha256Hex.Of(member.Content.Span), member.Content.Length);

    private static string GovernanceVersion() =>
        typeof(MlPackageBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MlPackageBuilder).Assembly.GetName().Version?.ToString() ?? "unknown";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
