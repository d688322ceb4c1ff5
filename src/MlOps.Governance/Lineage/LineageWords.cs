using MlOps.Governance.Artefacts;

namespace MlOps.Governance.Lineage;

/// <summary>
/// How the card and `mlops inspect` say what a manifest's lineage records, so that every reader of an artefact gets
/// the same words for the same facts.
/// </summary>
public static class LineageWords
{
    /// <summary>What stands in for the commit of a build made in a git repository that has no commit yet.</summary>
    public const string NoCommitYet = "none (git repository without commits)";

    /// <summary>
    /// True when the artefact was built in a git repository without commits: the manifest then records no commit but
    /// does record whether the tree was dirty (outside git it records neither).
    /// </summary>
    public static bool InRepositoryWithoutCommits(ManifestLineage lineage) => lineage.Commit is null && lineage.Dirty is not null;

    /// <summary>
    /// Why the build timestamp is what it is, when a reader would otherwise be puzzled: the reproducible clock's
    /// 1980-01-01 floor, used when nothing dated the build (no SOURCE_DATE_EPOCH and no commit). Null otherwise.
    /// </summary>
    public static string? ClockNote(ManifestLineage lineage) =>
        lineage.SourceDateEpoch == SourceDateEpoch.Fallback && lineage.Commit is null
            ? "the reproducible clock: no commit yet to date the build; commit, or set SOURCE_DATE_EPOCH"
            : null;
}
