using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;
using MlOps.Governance.Scoring;

namespace MlOps.Governance.Changes;

/// <summary>
/// One side of a comparison: a packaged artefact (the champion, a release) or the inputs about to be packed (the card,
/// the model and the evidence folder: the new side has no artefact yet). Evidence is read as JSON, whatever stage wrote it.
/// </summary>
public sealed record ChangeSide
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The version (the artefact's, or the one the build will stamp).</summary>
    public required string Version { get; init; }

    /// <summary>The artefact digest (sha256 of its manifest); null for inputs not yet packed.</summary>
    public string? ArtefactDigest { get; init; }

    /// <summary>The source model's digest.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The author's card.</summary>
    public required CardSource Card { get; init; }

    /// <summary>The model's signature.</summary>
    public required ModelDescription Model { get; init; }

    /// <summary>The evidence, one file per kind; a <c>changes</c> evidence is left out (it describes a comparison, not the model).</summary>
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }

    /// <summary>The evidence of <paramref name="kind"/>, or null.</summary>
    public EvidenceFile? EvidenceOf(string kind) => Evidence.FirstOrDefault(e => e.Kind == kind);

    /// <summary>
    /// An artefact's side: its manifest, the card embedded in its model, its evidence. Each member read is checked
    /// against the manifest; callers that must refuse any damage verify the whole artefact first.
    /// </summary>
    /// <exception cref="MlOpsException">Not an artefact (MLOPS112…), a tampered member (MLOPS119), no embedded card.</exception>
    public static ChangeSide FromArtefact(string path)
    {
        using var package = MlPackageReader.Open(path);
        var model = ModelFile.FromVerifiedArtefact(path, package.ReadModelBytes(), package.Digest);
        var cardText = model.Metadata(ModelMetadataKeys.Card)
            ?? throw new MlOpsException("The packaged model has no card in its metadata (mlops.card).", path,
                fix: "Rebuild the artefact with MlOps.Build, which embeds the card.", diagnostic: DiagnosticCatalog.CardMissing);
        return new ChangeSide
        {
            Name = package.Name,
            Version = package.Version,
            ArtefactDigest = package.Digest,
            ModelSha256 = package.Manifest.SourceModelSha256,
            Card = CardSourceParser.Parse(cardText, $"{model.Source}#{ModelMetadataKeys.Card}"),
            Model = package.Manifest.Model,
            Evidence = package.ReadEvidence().Where(e => e.Kind != EvidenceKinds.Changes).OrderBy(e => e.Kind, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// The inputs about to be packed: the card (<paramref name="cardPath"/>), the model (<paramref name="modelPath"/>) and
    /// every evidence *.json in <paramref name="evidenceFolder"/>. The version is resolved as the build resolves it:
    /// <paramref name="version"/> (the project's Version) when given, else the card's.
    /// </summary>
    /// <exception cref="MlOpsException">A missing card or model, malformed evidence, two files of one kind, no version.</exception>
    public static ChangeSide FromInputs(string evidenceFolder, string cardPath, string modelPath, string? version = null)
    {
        if (!File.Exists(cardPath))
        {
            throw new MlOpsException($"The card '{cardPath}' does not exist.", cardPath,
                fix: "Name the card source the artefact will be built with.", diagnostic: DiagnosticCatalog.CardMissing, inputs: [UserInputs.Card]);
        }
        var card = CardSourceParser.ParseFile(Path.GetFullPath(cardPath));
        var model = ModelFile.Open(modelPath);
        var byKind = new SortedDictionary<string, EvidenceFile>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(evidenceFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var evidence = EvidenceFile.Load(file);
            if (evidence.Kind == EvidenceKinds.Changes)
            {
                continue;
            }
            if (byKind.TryGetValue(evidence.Kind, out var other))
            {
                throw new MlOpsException(
                    $"Two evidence files are of kind '{evidence.Kind}': {Path.GetFileName(other.Source)} and {Path.GetFileName(file)}.",
                    file: file, fix: "Keep one evidence file per kind in the evidence folder.", diagnostic: DiagnosticCatalog.DuplicateEvidenceKind);
            }
            byKind[evidence.Kind] = evidence;
        }
        return new ChangeSide
        {
            Name = card.Name ?? Path.GetFileNameWithoutExtension(modelPath),
            Version = CardVersion.Resolve(version, card),
            ModelSha256 = model.SourceSha256,
            Card = card,
            Model = model.Description,
            Evidence = byKind.Values.ToList(),
        };
    }
}
