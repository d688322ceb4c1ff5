using System.Text;
using MlOps.Diagnostics;
using MlOps.Hashing;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// An opened .mlpkg: its manifest, card and evidence, and reads of its members. Opening checks the container
/// (safe names, size limits) and parses the manifest but does not hash every member: use
/// <see cref="MlPackageVerifier.Verify"/> for that. Members read through <see cref="ReadMember"/> are checked
/// against the manifest's sha256 (MLOPS119 on mismatch).
/// </summary>
public sealed class MlPackage : IDisposable
{
    private readonly SafeZipArchive _archive;

    internal MlPackage(SafeZipArchive archive, byte[] manifestBytes, ArtefactManifest manifest)
    {
        _archive = archive;
        ManifestBytes = manifestBytes;
        Manifest = manifest;
        Digest = Sha256Hex.Of(manifestBytes);
    }

    /// <summary>The artefact file.</summary>
    public string Path => _archive.Path;

    /// <summary>The parsed manifest.</summary>
    public ArtefactManifest Manifest { get; }

    /// <summary>manifest.json as stored.</summary>
    public byte[] ManifestBytes { get; }

    /// <summary>The artefact digest: sha256 of manifest.json.</summary>
    public string Digest { get; }

    /// <summary>
    /// The digest recorded in the archive comment when the artefact was built, or null. When it differs from
    /// <see cref="Digest"/> the manifest was edited afterwards.
    /// </summary>
    public string? RecordedDigest => ArtefactPaths.DigestFromComment(_archive.Comment);

    /// <summary>The ZIP entries (every member, manifest.json included).</summary>
    public IReadOnlyList<SafeZipEntry> Entries => _archive.Entries;

    /// <summary>Model name.</summary>
    public string Name => Manifest.Name;

    /// <summary>Version.</summary>
    public string Version => Manifest.Version;

    /// <summary>Reads a member and checks it against the manifest (MLOPS119 when it differs; MLOPS112 when absent).</summary>
    public byte[] ReadMember(string path)
    {
        var pinned = Manifest.Member(path) ?? throw Missing(path, "the manifest does not list it");
        var entry = _archive.Find(path) ?? throw Missing(path, "the archive does not contain it");
        var bytes = _archive.ReadAll(entry);
        if (bytes.LongLength != pinned.Size || Sha256Hex.Of(bytes) != pinned.Sha256)
        {
            throw new MlOpsException($"The member '{path}' differs from the manifest (it was changed after packaging).", file: Path,
                fix: "Verify the artefact and obtain an intact copy; do not use this one.", diagnostic: DiagnosticCatalog.MemberTampered);
        }
        return bytes;
    }

    /// <summary>A stream of a member's bytes, unchecked (for large members the caller hashes while reading).</summary>
    public Stream OpenMember(string path) =>
        _archive.OpenEntry(_archive.Find(path) ?? throw Missing(path, "the archive does not contain it"));

    /// <summary>The member that holds the model: <c>model/model.onnx</c>, or <c>model/model.zip</c> for an ML.NET model.</summary>
    public string ModelMember => ArtefactPaths.ModelFor(Manifest.Model.Format);

    /// <summary>The packaged model's bytes (ONNX, or an ML.NET .zip: <see cref="ModelMember"/>), checked against the manifest.</summary>
    public byte[] ReadModelBytes() => ReadMember(ModelMember);

    /// <summary>The rendered Markdown card, checked.</summary>
    public string ReadCardMarkdown() => Encoding.UTF8.GetString(ReadMember(ArtefactPaths.CardMarkdown));

    /// <summary>The rendered HTML card, checked.</summary>
    public string ReadCardHtml() => Encoding.UTF8.GetString(ReadMember(ArtefactPaths.CardHtml));

    /// <summary>The structured card (card/model-card.json), checked.</summary>
    public string ReadCardJson() => Encoding.UTF8.GetString(ReadMember(ArtefactPaths.CardJson));

    /// <summary>Every evidence member, checked and parsed, in path order.</summary>
    public IReadOnlyList<EvidenceFile> ReadEvidence() =>
        Manifest.Evidence.Select(e => EvidenceFile.Parse(ReadMember(e.Path), $"{Path}!{e.Path}")).ToList();

    /// <summary>The evidence of one kind, or null.</summary>
    public EvidenceFile? ReadEvidence(string kind) =>
        Manifest.Evidence.FirstOrDefault(e => e.Kind == kind) is { } e ? EvidenceFile.Parse(ReadMember(e.Path), $"{Path}!{e.Path}") : null;

    /// <summary>Extracts every member under <paramref name="targetDirectory"/>; names never leave it.</summary>
    public void ExtractTo(string targetDirectory) => _archive.ExtractTo(targetDirectory);

    /// <inheritdoc />
    public void Dispose() => _archive.Dispose();

    private MlOpsException Missing(string path, string why) =>
        new($"The artefact has no member '{path}': {why}.", file: Path,
            fix: "Verify the artefact; rebuild it if members are missing.", diagnostic: DiagnosticCatalog.NotAnArtefact);
}
