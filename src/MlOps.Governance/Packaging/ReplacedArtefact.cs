using MlOps.Governance.Artefacts;

namespace MlOps.Governance.Packaging;

/// <summary>
/// An artefact a build replaced under the same name and version although what it says about the model changed: the
/// model member (which embeds the card's text), an evidence member, or the data sets. The rendered cards and the
/// lineage (commit, build time, tool versions) are left out of the comparison: they describe the build, and a rebuild
/// at another commit must not count as a change of the model. Same content, no record: reproducible rebuilds are quiet.
/// </summary>
/// <param name="Path">The artefact that was replaced.</param>
/// <param name="Changed">What differs, in words ("model/model.onnx", "evidence/fairness.json (added)", "data sets").</param>
public sealed record ReplacedArtefact(string Path, IReadOnlyList<string> Changed)
{
    private static readonly HashSet<string> BuildDescriptions = new(StringComparer.Ordinal)
    {
        ArtefactPaths.CardMarkdown, ArtefactPaths.CardHtml, ArtefactPaths.CardJson,
    };

    /// <summary>The content of the artefact at <paramref name="path"/> before it is replaced, or null when there is none (or it is not one).</summary>
    internal static ArtefactContent? Before(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var previous = MlPackageReader.Open(path);
            return ArtefactContent.Of(previous.Manifest);
        }
        catch (Exception e) when (e is MlOpsException or IOException or UnauthorizedAccessException)
        {
            // Not a readable artefact: replacing it loses nothing a reader could have relied on.
            return null;
        }
    }

    /// <summary>The replacement, when <paramref name="before"/> existed and its content differs from <paramref name="after"/>.</summary>
    internal static ReplacedArtefact? Compare(string path, ArtefactContent? before, ArtefactContent after)
    {
        if (before is null)
        {
            return null;
        }
        var changed = new List<string>();
        foreach (var (member, sha256) in after.Members)
        {
            if (!before.Members.TryGetValue(member, out var old))
            {
                changed.Add(member + " (added)");
            }
            else if (!string.Equals(old, sha256, StringComparison.Ordinal))
            {
                changed.Add(member);
            }
        }
        changed.AddRange(before.Members.Keys.Where(m => !after.Members.ContainsKey(m)).Select(m => m + " (removed)"));
        if (!string.Equals(before.Data, after.Data, StringComparison.Ordinal))
        {
            changed.Add("data sets");
        }
        changed.Sort(StringComparer.Ordinal);
        return changed.Count == 0 ? null : new ReplacedArtefact(path, changed);
    }

    /// <summary>What an artefact says about its model: member digests (the rendered cards left out) and the data-set digests.</summary>
    internal sealed record ArtefactContent(IReadOnlyDictionary<string, string> Members, string Data)
    {
        public static ArtefactContent Of(ArtefactManifest manifest) => new(
            manifest.Members.Where(m => !BuildDescriptions.Contains(m.Path)).ToDictionary(m => m.Path, m => m.Sha256, StringComparer.Ordinal),
            string.Join('\n', manifest.Data.Select(d => $"{d.Role}|{d.Path}|{d.Sha256}")));
    }
}
