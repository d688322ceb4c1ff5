using MlOps.Attestations.Provenance;
using MlOps.Attestations.Statements;
using MlOps.Build.Items;
using MlOps.Governance.Lineage;
using MlOps.Governance.Packaging;
using MlOps.Hashing;

namespace MlOps.Build.Attesting;

/// <summary>
/// Gathers the provenance of one packaged MlModel item from what the task and the artefact's manifest know: the
/// project and the item as declared, the git revision, and every file read with its SHA-256. Paths are recorded the
/// way the manifest records data sets (relative to the repository), so a rebuild elsewhere states the same facts.
/// </summary>
internal static class BuildProvenance
{
    /// <summary>The facts of <paramref name="result"/>, built from <paramref name="item"/> in <paramref name="projectFile"/>.</summary>
    /// <param name="item">The MlModel item.</param>
    /// <param name="result">What the packager wrote.</param>
    /// <param name="projectFile">The project that declared the item.</param>
    /// <param name="repositoryRoot">$(MlOpsRepositoryRoot), or null for git's top level (the packager's rule).</param>
    /// <param name="repositoryUrl">$(RepositoryUrl), or null to ask git for the origin remote.</param>
    public static ProvenanceFacts Of(MlModelItem item, PackageResult result, string projectFile, string? repositoryRoot, string? repositoryUrl)
    {
        var git = GitProbe.Probe(repositoryRoot ?? Path.GetDirectoryName(item.ModelPath)!);
        var root = repositoryRoot ?? git?.RepositoryRoot;
        string Recorded(string path) => DataSetDigest.RecordedPath(path, root);
        var manifest = result.Manifest;

        var materials = new List<BuildMaterial> { new(Recorded(item.ModelPath), Sha256Hex.OfFile(item.ModelPath), "model") };
        if (item.CardPath is { } card)
        {
            materials.Add(new(Recorded(card), Sha256Hex.OfFile(card), "card"));
        }
        materials.AddRange(manifest.Data.Select(d => new BuildMaterial(d.Path, d.Sha256, d.RoleName + "-data")));
        // The same files, in the same order, as the packager reads for evidence.
        if (item.EvidenceDirectory is { } evidence && Directory.Exists(evidence))
        {
            materials.AddRange(Directory.GetFiles(evidence, "*.json", SearchOption.TopDirectoryOnly)
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
                .Select(f => new BuildMaterial(Recorded(f), Sha256Hex.OfFile(f), "evidence")));
        }

        SourceRevision? source = null;
        if (manifest.Lineage.Commit is { } commit)
        {
            var url = string.IsNullOrWhiteSpace(repositoryUrl) ? (root is null ? null : GitProbe.RemoteUrl(root)) : GitProbe.WithoutCredentials(repositoryUrl.Trim());
            source = new SourceRevision(url, commit, manifest.Lineage.Dirty ?? false);
        }

        return new ProvenanceFacts
        {
            Artefact = new Subject(Path.GetFileName(result.PackagePath), result.PackageSha256),
            Project = Recorded(projectFile),
            MlModel = new ModelItemParameters(
                Recorded(item.ModelPath), manifest.Name, manifest.Version,
                item.CardPath is null ? null : Recorded(item.CardPath),
                item.TrainingData.Select(Recorded).ToList(), item.EvaluationData.Select(Recorded).ToList(),
                item.EvidenceDirectory is null ? null : Recorded(item.EvidenceDirectory)),
            Source = source,
            Materials = materials,
            BuilderVersions = manifest.Lineage.Tools,
            SourceDateEpoch = manifest.Lineage.SourceDateEpoch,
        };
    }
}
