namespace MlOps.Governance.Lineage;

/// <summary>
/// How the card and `mlops inspect` say what an artefact's lineage records, so that every reader of an artefact gets
/// the same words for the same facts.
/// </summary>
public static class LineageWords
{
    /// <summary>What stands in for the commit of a build made in a git repository that has no commit yet.</summary>
    public const string NoCommitYet = "none (git repository without commits)";

    /// <summary>
    /// True when the artefact was built in a git repository without commits: the lineage then records no commit but
    /// does record whether the tree was dirty (outside git it records neither).
    /// </summary>
    /// <param name="commit">The recorded commit, or null.</param>
    /// <param name="dirty">The recorded dirty flag, or null outside git.</param>
    public static bool InRepositoryWithoutCommits(string? commit, bool? dirty) => commit is null && dirty is not null;

    /// <summary>
    /// Why the build timestamp is what it is, when a reader would otherwise be puzzled: the reproducible clock's
    /// 1980-01-01 floor, used when nothing dated the build (no SOURCE_DATE_EPOCH and no commit). Null otherwise.
    /// </summary>
    /// <param name="sourceDateEpoch">The recorded timestamp (Unix seconds).</param>
    /// <param name="commit">The recorded commit, or null.</param>
    public static string? ClockNote(long sourceDateEpoch, string? commit) =>
        sourceDateEpoch == SourceDateEpoch.Fallback && commit is null
            ? "the reproducible clock: no commit yet to date the build; commit, or set SOURCE_DATE_EPOCH"
            : null;
}
