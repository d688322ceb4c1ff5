using System.Data.Common;
using MlOps.Catalog.Store;
using MlOps.Serialization;

namespace MlOps.Catalog.Relational;

/// <summary>Registration, lookups and the model list.</summary>
internal sealed partial class RelationalCatalogStore
{
    private const string VersionColumns =
        "v.model, v.version, v.digest, v.file_sha256, v.size, v.title, v.card_json, v.evidence_json, v.risk_level, " +
        "v.eu_ai_act_category, v.git_commit, v.repository_url, v.location, v.stage, v.registered_at, v.registered_by";

    /// <inheritdoc />
    public RegistrationOutcome Register(VersionRecord version, IReadOnlyList<StoredAttestation> attestations)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(attestations);
        if (version.Stage != Stage.Candidate)
        {
            throw new ArgumentException("A version is registered as a candidate; stages change through ChangeStage.", nameof(version));
        }
        return Write(() =>
        {
            // By name first, then by digest: at READ COMMITTED each statement sees what was committed before it, so a
            // concurrent registration committing between the two reads is found by the second one either way.
            var named = ByName(version.Model, version.Version);
            if (named is not null && named.Digest != version.Digest)
            {
                throw new MlOpsException(
                    $"{named.Model} {named.Version} is already registered with digest {named.Digest}; the artefact being registered has digest {version.Digest}. A version names one artefact: bump the version.",
                    fix: "Build the changed model under a new version, or register the artefact that was registered before.");
            }
            if ((named ?? ByDigest(version.Digest)) is { } existing)
            {
                // The same artefact again: nothing changes but attestations it did not have (a release made since).
                return new RegistrationOutcome(existing, Created: false, InsertAttestations(existing.Digest, attestations));
            }
            var at = UtcTime.Format(version.RegisteredAt);
            Execute("INSERT INTO models (name, created_at) VALUES (@name, @at) ON CONFLICT (name) DO NOTHING",
                ("name", version.Model), ("at", at));
            var inserted = Execute(
                """
                INSERT INTO versions (model, version, digest, file_sha256, size, title, card_json, evidence_json, risk_level,
                    eu_ai_act_category, git_commit, repository_url, location, stage, registered_at, registered_by)
                VALUES (@model, @version, @digest, @file, @size, @title, @card, @evidence, @risk, @category, @commit, @repository,
                    @location, @stage, @at, @by)
                ON CONFLICT DO NOTHING
                """,
                ("model", version.Model), ("version", version.Version), ("digest", version.Digest), ("file", version.FileSha256),
                ("size", version.Size), ("title", version.Title), ("card", version.CardJson), ("evidence", version.EvidenceJson),
                ("risk", version.RiskLevel), ("category", version.EuAiActCategory), ("commit", version.Commit),
                ("repository", version.RepositoryUrl), ("location", version.Location), ("stage", Stage.Candidate.Word()),
                ("at", at), ("by", version.RegisteredBy));
            if (inserted == 0)
            {
                throw new LostRace();
            }
            Pause();
            Execute(
                """
                INSERT INTO stage_changes (model, digest, from_stage, to_stage, actor, changed_at, reason, attestation_sha256)
                VALUES (@model, @digest, NULL, @to, @actor, @at, @reason, NULL)
                """,
                ("model", version.Model), ("digest", version.Digest), ("to", Stage.Candidate.Word()), ("actor", version.RegisteredBy),
                ("at", at), ("reason", "registered"));
            var added = InsertAttestations(version.Digest, attestations);
            return new RegistrationOutcome(ByDigest(version.Digest)!, Created: true, added);
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelSummary> ListModels(string? search = null)
    {
        // One query: each model's latest version through the (model, id) index, its stage holders through the
        // partial unique indexes, its count through the (model, version) key. No scan grows with the versions.
        var filter = "";
        var parameters = new List<(string, object?)>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            filter = """
                WHERE lower(m.name) LIKE @pattern ESCAPE '\'
                   OR EXISTS (SELECT 1 FROM versions s WHERE s.model = m.name
                              AND (lower(s.title) LIKE @pattern ESCAPE '\' OR lower(s.version) LIKE @pattern ESCAPE '\'))
                """;
            parameters.Add(("pattern", "%" + EscapeLike(search.Trim().ToLowerInvariant()) + "%"));
        }
        return Run(duringWrite: false, () => Query(
            ListModelsSql(filter),
            r => new ModelSummary(r.GetString(0), r.GetString(1), (int)Number(r, 2), r.GetString(3), Text(r, 4), Text(r, 5), Time(r, 6)),
            [.. parameters]));
    }

    /// <summary>The model list's one query, with an optional WHERE clause (the benchmark test reads its plan).</summary>
    internal static string ListModelsSql(string filter) =>
        $"""
        SELECT m.name, l.title, (SELECT COUNT(*) FROM versions c WHERE c.model = m.name), l.version,
               (SELECT p.version FROM versions p WHERE p.model = m.name AND p.stage = 'production'),
               (SELECT s.version FROM versions s WHERE s.model = m.name AND s.stage = 'staging'),
               l.registered_at
        FROM models m
        JOIN versions l ON l.id = (SELECT MAX(x.id) FROM versions x WHERE x.model = m.name)
        {filter}
        ORDER BY m.name
        """;

    /// <inheritdoc />
    public IReadOnlyList<VersionRecord> ListVersions(string model) => Run(duringWrite: false, () =>
        Query($"SELECT {VersionColumns} FROM versions v WHERE v.model = @model ORDER BY v.id DESC", ReadVersion, ("model", model)));

    /// <inheritdoc />
    public VersionRecord? FindVersion(string model, string version) => Run(duringWrite: false, () => ByName(model, version));

    /// <inheritdoc />
    public VersionRecord? FindByDigest(string digest) => Run(duringWrite: false, () => ByDigest(digest));

    /// <inheritdoc />
    public VersionRecord? FindInStage(string model, Stage stage) => Run(duringWrite: false, () =>
        Query($"SELECT {VersionColumns} FROM versions v WHERE v.model = @model AND v.stage = @stage ORDER BY v.id DESC",
            ReadVersion, ("model", model), ("stage", stage.Word())).FirstOrDefault());

    private VersionRecord? ByDigest(string digest) =>
        Query($"SELECT {VersionColumns} FROM versions v WHERE v.digest = @digest", ReadVersion, ("digest", digest)).FirstOrDefault();

    private VersionRecord? ByName(string model, string version) =>
        Query($"SELECT {VersionColumns} FROM versions v WHERE v.model = @model AND v.version = @version", ReadVersion,
            ("model", model), ("version", version)).FirstOrDefault();

    private static VersionRecord ReadVersion(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Number(r, 4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.GetString(8), r.GetString(9), Text(r, 10), Text(r, 11), Text(r, 12), StageOf(r.GetString(13)), Time(r, 14), r.GetString(15));

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
