namespace MlOps.Governance.Lineage;

/// <summary>What git says about the working tree a model was packaged from.</summary>
/// <param name="RepositoryRoot">The top-level folder of the working tree.</param>
/// <param name="Commit">The HEAD commit id (40 hex digits), or null in a repository without commits.</param>
/// <param name="Dirty">True when tracked files differ from HEAD (untracked files do not count).</param>
/// <param name="CommitTime">HEAD's committer time, Unix seconds, or null without commits.</param>
public sealed record GitState(string RepositoryRoot, string? Commit, bool Dirty, long? CommitTime);
