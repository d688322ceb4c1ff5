namespace MlOps.Catalog.Store;

/// <summary>
/// The catalog's one storage contract. SQLite (the embedded default) and PostgreSQL (a team's server) implement it
/// over one schema with versioned migrations applied on open. Every write is one transaction: a reader never sees
/// a version without its card, a stage change without its history row, or usage without the cursor that counted it.
/// </summary>
public interface ICatalogStore : IDisposable
{
    /// <summary>Where the catalog lives, for messages: a file path, or host/port/database (never a password).</summary>
    string Location { get; }

    /// <summary>
    /// Registers a version, idempotent by artefact digest: the same digest again changes nothing and says so; the
    /// same model name and version with another digest is refused. Races between processes leave one row. A new
    /// version enters as a candidate (<paramref name="version"/>'s stage must say so) with a first history row.
    /// </summary>
    RegistrationOutcome Register(VersionRecord version, IReadOnlyList<StoredAttestation> attestations);

    /// <summary>Models with their latest version and the version in each stage; <paramref name="search"/> matches names, titles and versions.</summary>
    IReadOnlyList<ModelSummary> ListModels(string? search = null);

    /// <summary>Every version of a model, newest registration first.</summary>
    IReadOnlyList<VersionRecord> ListVersions(string model);

    /// <summary>One version by name and SemVer version, or null.</summary>
    VersionRecord? FindVersion(string model, string version);

    /// <summary>One version by artefact digest (sha256 of manifest.json), or null.</summary>
    VersionRecord? FindByDigest(string digest);

    /// <summary>The version of a model in a stage (production and staging hold at most one), or null.</summary>
    VersionRecord? FindInStage(string model, Stage stage);

    /// <summary>
    /// Moves a version to another stage with its history row, in one transaction. Into production: the version that
    /// held production moves to archived in the same transaction (one production version per model). Into staging:
    /// the version that held staging moves back to candidate (it was being tried, not retired). Moving a version to
    /// the stage it is in, or an unknown digest, is refused; which other moves a user may make is the promotion
    /// rules' business, not the store's.
    /// </summary>
    StageChange ChangeStage(StageChangeRequest request);

    /// <summary>A model's stage changes, oldest first.</summary>
    IReadOnlyList<StageChange> StageHistory(string model);

    /// <summary>Adds attestations to a registered version, idempotent by each line's sha256.</summary>
    void AddAttestations(string digest, IReadOnlyList<StoredAttestation> attestations);

    /// <summary>A version's attestations in the order they were stored.</summary>
    IReadOnlyList<StoredAttestation> Attestations(string digest);

    /// <summary>Stores a monitoring result (a drift check), idempotent by report sha256 per version.</summary>
    void AddMonitoring(MonitoringRecord record);

    /// <summary>A version's monitoring results, oldest check first.</summary>
    IReadOnlyList<MonitoringRecord> Monitoring(string digest);

    /// <summary>Where counting stopped in an audit log (by its key), or null for a log never counted.</summary>
    UsageCursor? FindUsageCursor(string logKey);

    /// <summary>
    /// Adds usage counts and moves the log's cursor from <paramref name="previous"/> (null: the log was never counted)
    /// to <paramref name="cursor"/>, in one transaction: a crash counts a record never twice, and when another ingest
    /// moved the cursor meanwhile nothing is added (MLOPS173), so two ingests of one log never count it twice.
    /// </summary>
    void AddUsage(IReadOnlyList<UsageCount> counts, UsageCursor? previous, UsageCursor cursor);

    /// <summary>Usage per digest, day and caller, filtered by model (all when null) and an inclusive day range.</summary>
    IReadOnlyList<UsageCount> Usage(string? model = null, DateOnly? from = null, DateOnly? to = null);
}
