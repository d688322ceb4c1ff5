namespace MlOps.Catalog.Relational;

/// <summary>
/// The catalog's schema as numbered migrations, one SQL text for both databases: the only dialect difference is
/// the surrogate key column (<c>{id}</c>), which keeps storage order (history and attestations list in the order
/// they were stored). Times are ISO 8601 UTC text (UtcTime), days yyyy-MM-dd text: the same bytes in both
/// databases, ordered correctly as text, and readable with sqlite3 or psql without conversions.
/// </summary>
internal static class CatalogSchema
{
    /// <summary>The schema version this tool writes; a catalog with a higher one is refused.</summary>
    public static int Latest => Migrations.Count;

    /// <summary>Migration n (1-based) takes a catalog from version n-1 to n. Never edit a released one: append.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE models (
            name TEXT NOT NULL PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE TABLE versions (
            id {id},
            digest TEXT NOT NULL UNIQUE,
            model TEXT NOT NULL REFERENCES models (name),
            version TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            size BIGINT NOT NULL,
            title TEXT NOT NULL,
            card_json TEXT NOT NULL,
            evidence_json TEXT NOT NULL,
            risk_level TEXT NOT NULL,
            eu_ai_act_category TEXT NOT NULL,
            git_commit TEXT,
            repository_url TEXT,
            location TEXT,
            stage TEXT NOT NULL CHECK (stage IN ('candidate', 'staging', 'production', 'archived')),
            registered_at TEXT NOT NULL,
            registered_by TEXT NOT NULL,
            UNIQUE (model, version)
        );
        CREATE INDEX versions_by_model ON versions (model, id);
        CREATE UNIQUE INDEX versions_one_production ON versions (model) WHERE stage = 'production';
        CREATE UNIQUE INDEX versions_one_staging ON versions (model) WHERE stage = 'staging';
        CREATE TABLE attestations (
            id {id},
            digest TEXT NOT NULL REFERENCES versions (digest),
            sha256 TEXT NOT NULL,
            predicate_type TEXT NOT NULL,
            key_id TEXT,
            line TEXT NOT NULL,
            UNIQUE (digest, sha256)
        );
        CREATE TABLE stage_changes (
            id {id},
            model TEXT NOT NULL REFERENCES models (name),
            digest TEXT NOT NULL REFERENCES versions (digest),
            from_stage TEXT,
            to_stage TEXT NOT NULL,
            actor TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            reason TEXT,
            attestation_sha256 TEXT
        );
        CREATE INDEX stage_changes_by_model ON stage_changes (model, id);
        CREATE TABLE monitoring (
            id {id},
            digest TEXT NOT NULL REFERENCES versions (digest),
            checked_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            drifted INTEGER NOT NULL,
            drifted_features TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            report_json TEXT NOT NULL,
            UNIQUE (digest, report_sha256)
        );
        CREATE INDEX monitoring_by_digest ON monitoring (digest, checked_at, id);
        CREATE TABLE usage_daily (
            digest TEXT NOT NULL,
            day TEXT NOT NULL,
            caller TEXT NOT NULL,
            calls BIGINT NOT NULL,
            rows_scored BIGINT NOT NULL,
            PRIMARY KEY (digest, day, caller)
        );
        CREATE INDEX usage_by_day ON usage_daily (day);
        CREATE TABLE usage_cursors (
            log_key TEXT NOT NULL PRIMARY KEY,
            segment BIGINT NOT NULL,
            byte_offset BIGINT NOT NULL,
            sequence BIGINT NOT NULL,
            hash TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ];
}
