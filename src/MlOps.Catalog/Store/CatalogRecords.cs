namespace MlOps.Catalog.Store;

/// <summary>The stages of a version's life. Production and staging hold at most one version per model.</summary>
public enum Stage
{
    /// <summary>Registered; nothing decided yet.</summary>
    Candidate,

    /// <summary>Being tried before production.</summary>
    Staging,

    /// <summary>The version serving; promotion into it runs the gate.</summary>
    Production,

    /// <summary>Retired (a production version replaced by another is archived in the same transaction).</summary>
    Archived,
}

/// <summary>One registered version: what the catalog keeps of an artefact (not the artefact's bytes).</summary>
/// <param name="Model">The model name from the manifest.</param>
/// <param name="Version">The SemVer version from the manifest.</param>
/// <param name="Digest">The artefact digest: sha256 of its manifest.json (what the audit log records).</param>
/// <param name="FileSha256">sha256 of the .mlpkg file (what attestations name).</param>
/// <param name="Size">The .mlpkg file's size in bytes.</param>
/// <param name="Title">The card's title, for lists and search.</param>
/// <param name="CardJson">The card as the artefact carries it (card.json).</param>
/// <param name="EvidenceJson">Evidence summaries: kind, verdict and sha256 per evidence file, and the gate's requirements.</param>
/// <param name="RiskLevel">The risk level word (docs/risk-matrix.md).</param>
/// <param name="EuAiActCategory">The EU AI Act category word.</param>
/// <param name="Commit">The git commit it was built from, when known.</param>
/// <param name="RepositoryUrl">The repository URL (credentials removed), when known.</param>
/// <param name="Location">Where the artefact was registered from or can be fetched (a path or an OCI reference).</param>
/// <param name="Stage">The stage it is in now.</param>
/// <param name="RegisteredAt">When it was registered (catalog time: wall clock, UTC).</param>
/// <param name="RegisteredBy">Who registered it (a key's principal, or the operating-system user).</param>
public sealed record VersionRecord(
    string Model,
    string Version,
    string Digest,
    string FileSha256,
    long Size,
    string Title,
    string CardJson,
    string EvidenceJson,
    string RiskLevel,
    string EuAiActCategory,
    string? Commit,
    string? RepositoryUrl,
    string? Location,
    Stage Stage,
    DateTimeOffset RegisteredAt,
    string RegisteredBy);

/// <summary>What a registration did.</summary>
/// <param name="Version">The version as stored (the earlier row when it was already there).</param>
/// <param name="Created">False when the digest was already registered: nothing changed.</param>
/// <param name="AttestationsAdded">How many attestations were new.</param>
public sealed record RegistrationOutcome(VersionRecord Version, bool Created, int AttestationsAdded);

/// <summary>A model in the list: its latest version and who holds each stage.</summary>
public sealed record ModelSummary(
    string Name,
    string Title,
    int Versions,
    string LatestVersion,
    string? ProductionVersion,
    string? StagingVersion,
    DateTimeOffset LastRegisteredAt);

/// <summary>A request to move a version to another stage.</summary>
/// <param name="Digest">The version's artefact digest.</param>
/// <param name="To">The stage it moves to.</param>
/// <param name="Actor">Who moved it (the signing key's principal).</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, in the actor's words (optional).</param>
/// <param name="Attestation">The signed promotion record, stored with the version's attestations (optional).</param>
public sealed record StageChangeRequest(string Digest, Stage To, string Actor, DateTimeOffset At, string? Reason, StoredAttestation? Attestation)
{
    /// <summary>
    /// The stage the caller judged the move from, when it judged one: the store refuses the move when the version is
    /// no longer there (another promoter moved it meanwhile), so rules checked before the write still hold at it.
    /// </summary>
    public Stage? From { get; init; }
}

/// <summary>One row of a model's stage history.</summary>
public sealed record StageChange(string Model, string Version, string Digest, Stage? From, Stage To, string Actor, DateTimeOffset At, string? Reason, string? AttestationSha256);

/// <summary>One DSSE envelope line from an artefact's .intoto.jsonl bundle (or a promotion record), as stored.</summary>
/// <param name="Sha256">sha256 of the line's bytes (without the line feed): its identity.</param>
/// <param name="PredicateType">The in-toto predicate type, or "" when the line could not be read.</param>
/// <param name="KeyId">The signature's key id, when signed.</param>
/// <param name="Line">The line exactly as stored in the bundle.</param>
public sealed record StoredAttestation(string Sha256, string PredicateType, string? KeyId, string Line);

/// <summary>One monitoring result: a drift report from `mlops drift compare`, checked against a version.</summary>
public sealed record MonitoringRecord(
    string Digest,
    DateTimeOffset CheckedAt,
    string Kind,
    bool Drifted,
    IReadOnlyList<string> DriftedFeatures,
    string ReportSha256,
    string ReportJson);

/// <summary>Predictions counted for one artefact digest, day (UTC) and caller ("" when the record named none).</summary>
public sealed record UsageCount(string Digest, DateOnly Day, string Caller, long Calls, long Rows);

/// <summary>
/// Where counting stopped in one audit log: the next byte to read in the last segment counted, and the chain head
/// there (sequence number and hash), so that a grown file is verified from that point and only new records count.
/// </summary>
/// <param name="LogKey">The log's identity: its genesis hash (the chain binds it to the log's first segment name).</param>
/// <param name="Segment">The 1-based number of the segment counting stopped in.</param>
/// <param name="Offset">The byte offset after the last counted record in that segment.</param>
/// <param name="Sequence">The last counted record's seq.</param>
/// <param name="Hash">The last counted record's hash.</param>
public sealed record UsageCursor(string LogKey, int Segment, long Offset, long Sequence, string Hash);
