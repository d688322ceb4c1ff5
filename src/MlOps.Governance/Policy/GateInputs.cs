using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;
using MlOps.Governance.Risk;
using MlOps.Governance.Scoring;

namespace MlOps.Governance.Policy;

/// <summary>What the gate judges: the model's identity and risk, its card, and its evidence.</summary>
public sealed record GateInputs
{
    /// <summary>The artefact or folder judged.</summary>
    public required string Source { get; init; }

    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The version.</summary>
    public required string Version { get; init; }

    /// <summary>The artefact digest (null for a folder of loose inputs).</summary>
    public string? ArtefactDigest { get; init; }

    /// <summary>The source-model digest that every model evidence must name.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The risk assessment.</summary>
    public required RiskAssessment Risk { get; init; }

    /// <summary>The author's card.</summary>
    public required CardSource Card { get; init; }

    /// <summary>The evidence files (at most one per kind; the gate's own evidence is ignored).</summary>
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }

    /// <summary>Reads a packaged artefact: manifest risk, the card source from the model's <c>mlops.card</c> metadata, the evidence members.</summary>
    /// <exception cref="MlOpsException">Not an artefact (MLOPS112…), damaged members, malformed evidence (MLOPS111).</exception>
    public static GateInputs FromArtefact(string path)
    {
        using var package = MlPackageReader.Open(path);
        // The member was checked against the manifest as it was read; ONNX or ML.NET, the model carries the card.
        var model = ModelFile.FromVerifiedArtefact(path, package.ReadModelBytes(), package.Digest);
        var cardText = model.Metadata(ModelMetadataKeys.Card)
            ?? throw new MlOpsException("The packaged model has no card in its metadata (mlops.card).", path,
                fix: "Rebuild the artefact with MlOps.Build, which embeds the card.", diagnostic: DiagnosticCatalog.CardMissing);
        var card = CardSourceParser.Parse(cardText, $"{model.Source}#{ModelMetadataKeys.Card}");
        return new GateInputs
        {
            Source = path,
            Name = package.Name,
            Version = package.Version,
            ArtefactDigest = package.Digest,
            ModelSha256 = package.Manifest.SourceModelSha256,
            Risk = package.Manifest.Risk,
            Card = card,
            Evidence = package.ReadEvidence().Where(e => e.Kind != EvidenceKinds.Gate).ToList(),
        };
    }

    /// <summary>
    /// Reads a folder of loose inputs before packaging: the card source (<paramref name="cardPath"/>, else
    /// model-card.md in the folder), the model (<paramref name="modelPath"/>, else the folder's only *.onnx) and
    /// every *.json evidence file in the folder (gate.json excluded). The version is resolved as the build resolves
    /// it: <paramref name="version"/> (the project's Version) when given, else the card's <c>version</c>.
    /// </summary>
    /// <exception cref="MlOpsException">Missing card or model, several models, malformed evidence, two files of one kind;
    /// MLOPS108 when the version is not SemVer 2 or there is none.</exception>
    public static GateInputs FromFolder(string folder, string? cardPath = null, string? modelPath = null, string? version = null)
    {
        cardPath ??= Path.Combine(folder, "model-card.md");
        if (!File.Exists(cardPath))
        {
            throw new MlOpsException($"The card '{cardPath}' does not exist.", cardPath,
                fix: "Put the card source in the folder as model-card.md, or name the card.", diagnostic: DiagnosticCatalog.CardMissing, inputs: [UserInputs.Card]);
        }
        if (modelPath is null)
        {
            var models = Directory.GetFiles(folder, "*.onnx").OrderBy(p => p, StringComparer.Ordinal).ToArray();
            if (models.Length != 1)
            {
                throw new MlOpsException($"The folder has {models.Length} .onnx files; the gate needs the one model the evidence is about.", folder,
                    fix: "Name the model the evidence is about.", diagnostic: DiagnosticCatalog.ModelMissing, inputs: [UserInputs.Model]);
            }
            modelPath = models[0];
        }
        var model = ModelFile.Open(modelPath);
        var card = CardSourceParser.ParseFile(cardPath);
        var resolvedVersion = CardVersion.Resolve(version, card);
        if (card.Risk is null)
        {
            throw new MlOpsException($"The card has no complete risk block (missing: {string.Join(", ", card.MissingRiskFields)}).", cardPath, 1,
                "Add risk.probability, risk.severity and risk.euAiActCategory to the front matter.", diagnostic: DiagnosticCatalog.CardFieldMissing);
        }
        var evidence = new List<EvidenceFile>();
        foreach (var file in Directory.GetFiles(folder, "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var e = EvidenceFile.Load(file);
            if (e.Kind == EvidenceKinds.Gate)
            {
                continue;
            }
            if (evidence.FirstOrDefault(x => x.Kind == e.Kind) is { } twin)
            {
                throw new MlOpsException($"Two evidence files of kind '{e.Kind}': '{twin.Source}' and '{file}'.", file,
                    fix: "Keep one evidence file per kind in the folder.", diagnostic: DiagnosticCatalog.EvidenceMalformed);
            }
            evidence.Add(e);
        }
        return new GateInputs
        {
            Source = folder,
            Name = card.Name ?? Path.GetFileNameWithoutExtension(modelPath),
            Version = resolvedVersion,
            ModelSha256 = model.SourceSha256,
            Risk = card.Risk,
            Card = card,
            Evidence = evidence,
        };
    }
}
