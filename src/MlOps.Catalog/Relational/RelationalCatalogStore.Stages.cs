using MlOps.Catalog.Store;
using MlOps.Serialization;

namespace MlOps.Catalog.Relational;

/// <summary>Stage changes and attestations.</summary>
internal sealed partial class RelationalCatalogStore
{
    /// <inheritdoc />
    public StageChange ChangeStage(StageChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(() =>
        {
            var version = ByDigest(request.Digest) ?? throw UnknownDigest(request.Digest);
            if (version.Stage == request.To)
            {
                throw new MlOpsException(
                    $"{version.Model} {version.Version} is already in {request.To.Word()}; nothing changed.",
                    fix: "Name another stage, or another version of the model.");
            }
            if (request.From is { } judged && version.Stage != judged)
            {
                throw new MlOpsException(
                    $"{version.Model} {version.Version} moved from {judged.Word()} to {version.Stage.Word()} while this move to {request.To.Word()} was being decided; nothing changed.",
                    fix: "Look at the version's stage history, then decide the move again.");
            }
            if (request.Attestation is { } attestation)
            {
                InsertAttestations(version.Digest, [attestation]);
            }
            // Production and staging hold one version each: the holder steps aside in the same transaction, to
            // archived from production (it was replaced), to candidate from staging (it was only being tried).
            var displacedTo = request.To switch
            {
                Stage.Production => Stage.Archived,
                Stage.Staging => Stage.Candidate,
                _ => (Stage?)null,
            };
            if (displacedTo is { } step && FindHolder(version.Model, request.To) is { } holder)
            {
                Move(holder, step, request.Actor, request.At, $"replaced by {version.Version}", attestationSha256: null);
                Pause();
            }
            return Move(version, request.To, request.Actor, request.At, request.Reason, request.Attestation?.Sha256);
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<StageChange> StageHistory(string model) => Run(duringWrite: false, () => Query(
        """
        SELECT v.model, v.version, h.digest, h.from_stage, h.to_stage, h.actor, h.changed_at, h.reason, h.attestation_sha256
        FROM stage_changes h JOIN versions v ON v.digest = h.digest
        WHERE h.model = @model
        ORDER BY h.id
        """,
        r => new StageChange(r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3) is { } from ? StageOf(from) : null,
            StageOf(r.GetString(4)), r.GetString(5), Time(r, 6), Text(r, 7), Text(r, 8)),
        ("model", model)));

    /// <inheritdoc />
    public void AddAttestations(string digest, IReadOnlyList<StoredAttestation> attestations)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        Write(() =>
        {
            _ = ByDigest(digest) ?? throw UnknownDigest(digest);
            return InsertAttestations(digest, attestations);
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredAttestation> Attestations(string digest) => Run(duringWrite: false, () => Query(
        "SELECT sha256, predicate_type, key_id, line FROM attestations WHERE digest = @digest ORDER BY id",
        r => new StoredAttestation(r.GetString(0), r.GetString(1), Text(r, 2), r.GetString(3)),
        ("digest", digest)));

    private VersionRecord? FindHolder(string model, Stage stage) =>
        Query($"SELECT {VersionColumns} FROM versions v WHERE v.model = @model AND v.stage = @stage", ReadVersion,
            ("model", model), ("stage", stage.Word())).FirstOrDefault();

    private StageChange Move(VersionRecord version, Stage to, string actor, DateTimeOffset at, string? reason, string? attestationSha256)
    {
        Execute("UPDATE versions SET stage = @to WHERE digest = @digest", ("to", to.Word()), ("digest", version.Digest));
        Execute(
            """
            INSERT INTO stage_changes (model, digest, from_stage, to_stage, actor, changed_at, reason, attestation_sha256)
            VALUES (@model, @digest, @from, @to, @actor, @at, @reason, @attestation)
            """,
            ("model", version.Model), ("digest", version.Digest), ("from", version.Stage.Word()), ("to", to.Word()),
            ("actor", actor), ("at", UtcTime.Format(at)), ("reason", reason), ("attestation", attestationSha256));
        return new StageChange(version.Model, version.Version, version.Digest, version.Stage, to, actor,
            UtcTime.TryParse(UtcTime.Format(at), out var stored) ? stored : at, reason, attestationSha256);
    }

    private int InsertAttestations(string digest, IReadOnlyList<StoredAttestation> attestations)
    {
        var added = 0;
        foreach (var attestation in attestations)
        {
            added += Execute(
                """
                INSERT INTO attestations (digest, sha256, predicate_type, key_id, line)
                VALUES (@digest, @sha256, @type, @key, @line)
                ON CONFLICT (digest, sha256) DO NOTHING
                """,
                ("digest", digest), ("sha256", attestation.Sha256), ("type", attestation.PredicateType), ("key", attestation.KeyId),
                ("line", attestation.Line));
        }
        return added;
    }

    private MlOpsException UnknownDigest(string digest) => new(
        $"No version with artefact digest {digest} is registered in the catalog at {Location}.",
        fix: "Register the artefact first, or name a version the catalog lists.");
}
