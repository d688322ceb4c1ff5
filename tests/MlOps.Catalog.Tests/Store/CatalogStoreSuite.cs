using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;
using MlOps.Catalog.Tests.Support;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Tests.Store;

/// <summary>
/// The one behaviour every catalog store has, run against each database by a subclass (SQLite, PostgreSQL).
/// Each test gets an empty catalog from <see cref="OpenEmpty"/>.
/// </summary>
public abstract class CatalogStoreSuite
{
    /// <summary>A fresh, empty catalog (a new file, or a new database).</summary>
    protected abstract ICatalogStore OpenEmpty();

    /// <summary>The same catalog opened again through a second connection.</summary>
    protected abstract ICatalogStore Reopen(ICatalogStore store);

    [StoreFact]
    public void Registering_stores_the_version_with_every_field_and_a_history_row()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        var outcome = store.Register(v, [Samples.Attestation("line-1"), Samples.Attestation("line-2")]);

        Assert.True(outcome.Created);
        Assert.Equal(2, outcome.AttestationsAdded);
        Assert.Equal(v, outcome.Version);
        using var again = Reopen(store);
        Assert.Equal(v, again.FindByDigest(v.Digest));
        Assert.Equal(v, again.FindVersion("credit-risk", "1.0.0"));
        var history = Assert.Single(again.StageHistory("credit-risk"));
        Assert.Null(history.From);
        Assert.Equal(Stage.Candidate, history.To);
        Assert.Equal("alice", history.Actor);
        Assert.Equal(["line-1", "line-2"], again.Attestations(v.Digest).Select(a => a.Line));
    }

    [StoreFact]
    public void Registering_the_same_digest_again_changes_nothing_but_adds_new_attestations()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, [Samples.Attestation("line-1")]);

        var later = v with { RegisteredAt = Samples.Noon.AddDays(1), RegisteredBy = "mallory", Title = "changed" };
        var outcome = store.Register(later, [Samples.Attestation("line-1"), Samples.Attestation("release")]);

        Assert.False(outcome.Created);
        Assert.Equal(1, outcome.AttestationsAdded);
        Assert.Equal(v, outcome.Version);
        Assert.Equal(v, store.FindByDigest(v.Digest));
        Assert.Single(store.ListVersions("credit-risk"));
        Assert.Single(store.StageHistory("credit-risk"));
        Assert.Equal(["line-1", "release"], store.Attestations(v.Digest).Select(a => a.Line));
    }

    [StoreFact]
    public void The_same_name_and_version_with_another_digest_is_refused_and_names_both()
    {
        using var store = OpenEmpty();
        var first = Samples.Version("credit-risk", "1.0.0");
        store.Register(first, []);
        var other = Samples.Version("credit-risk", "1.0.0", digestSeed: "rebuilt");

        var e = Assert.Throws<MlOpsException>(() => store.Register(other, [Samples.Attestation("x")]));

        Assert.Contains("credit-risk 1.0.0 is already registered with digest " + first.Digest, e.Message, StringComparison.Ordinal);
        Assert.Contains("bump the version", e.Message, StringComparison.Ordinal);
        Assert.Null(store.FindByDigest(other.Digest));
        Assert.Empty(store.Attestations(other.Digest));
    }

    [StoreFact]
    public void Unknown_lookups_return_null_or_empty()
    {
        using var store = OpenEmpty();
        Assert.Null(store.FindByDigest(Samples.Digest("none")));
        Assert.Null(store.FindVersion("none", "1.0.0"));
        Assert.Null(store.FindInStage("none", Stage.Production));
        Assert.Empty(store.ListVersions("none"));
        Assert.Empty(store.ListModels());
        Assert.Empty(store.StageHistory("none"));
        Assert.Empty(store.Attestations(Samples.Digest("none")));
        Assert.Empty(store.Monitoring(Samples.Digest("none")));
        Assert.Null(store.FindUsageCursor("none"));
        Assert.Empty(store.Usage());
    }

    [StoreFact]
    public void Versions_list_newest_registration_first()
    {
        using var store = OpenEmpty();
        foreach (var version in new[] { "1.0.0", "1.10.0", "1.2.0" })
        {
            store.Register(Samples.Version("credit-risk", version), []);
        }
        store.Register(Samples.Version("other", "9.0.0"), []);

        Assert.Equal(["1.2.0", "1.10.0", "1.0.0"], store.ListVersions("credit-risk").Select(v => v.Version));
    }

    [StoreFact]
    public void Models_list_in_name_order_with_latest_version_count_and_stage_holders()
    {
        using var store = OpenEmpty();
        var a1 = Samples.Version("credit-risk", "1.0.0", title: "Old title");
        var a2 = Samples.Version("credit-risk", "1.1.0", at: Samples.Noon.AddDays(2), title: "Credit risk scorer");
        var a3 = Samples.Version("credit-risk", "1.2.0", at: Samples.Noon.AddDays(3), title: "Credit risk scorer");
        store.Register(a1, []);
        store.Register(a2, []);
        store.Register(a3, []);
        store.Register(Samples.Version("churn", "0.1.0"), []);
        store.ChangeStage(Samples.Move(a1, Stage.Production));
        store.ChangeStage(Samples.Move(a2, Stage.Staging));

        var models = store.ListModels();

        Assert.Equal(["churn", "credit-risk"], models.Select(m => m.Name));
        var credit = models[1];
        Assert.Equal(new ModelSummary("credit-risk", "Credit risk scorer", 3, "1.2.0", "1.0.0", "1.1.0", Samples.Noon.AddDays(3)), credit);
        Assert.Equal(new ModelSummary("churn", "churn scorer", 1, "0.1.0", null, null, Samples.Noon), models[0]);
    }

    [StoreFact]
    public void Search_matches_names_titles_and_versions_case_insensitively_and_literally()
    {
        using var store = OpenEmpty();
        store.Register(Samples.Version("credit-risk", "1.0.0"), []);
        store.Register(Samples.Version("fraud", "2.0.1", title: "Fraud Detector"), []);

        Assert.Equal(["credit-risk"], store.ListModels("CREDIT").Select(m => m.Name));
        Assert.Equal(["fraud"], store.ListModels("fraud detector").Select(m => m.Name));
        Assert.Equal(["fraud"], store.ListModels("2.0").Select(m => m.Name));
        Assert.Equal(["credit-risk", "fraud"], store.ListModels("  ").Select(m => m.Name));
        // Wildcards are searched for as characters, not patterns.
        Assert.Empty(store.ListModels("%"));
        Assert.Empty(store.ListModels("_"));
        Assert.Empty(store.ListModels("nothing-like-it"));
    }

    [StoreFact]
    public void Promotion_to_production_archives_the_previous_production_version_in_the_same_change()
    {
        using var store = OpenEmpty();
        var v1 = Samples.Version("credit-risk", "1.0.0");
        var v2 = Samples.Version("credit-risk", "2.0.0");
        store.Register(v1, []);
        store.Register(v2, []);
        store.ChangeStage(Samples.Move(v1, Stage.Production, at: Samples.Noon.AddHours(1)));

        var change = store.ChangeStage(Samples.Move(v2, Stage.Production, actor: "carol", at: Samples.Noon.AddHours(2)));

        Assert.Equal(new StageChange("credit-risk", "2.0.0", v2.Digest, Stage.Candidate, Stage.Production, "carol", Samples.Noon.AddHours(2), "to Production", null), change);
        Assert.Equal(v2.Digest, store.FindInStage("credit-risk", Stage.Production)!.Digest);
        Assert.Equal(Stage.Archived, store.FindByDigest(v1.Digest)!.Stage);
        Assert.Equal(v1.Digest, store.FindInStage("credit-risk", Stage.Archived)!.Digest);
        var history = store.StageHistory("credit-risk");
        Assert.Equal(
            [
                ("1.0.0", (Stage?)null, Stage.Candidate), ("2.0.0", null, Stage.Candidate),
                ("1.0.0", Stage.Candidate, Stage.Production),
                ("1.0.0", Stage.Production, Stage.Archived), ("2.0.0", Stage.Candidate, Stage.Production),
            ],
            history.Select(h => (h.Version, h.From, h.To)));
        Assert.Equal("replaced by 2.0.0", history[3].Reason);
        Assert.Equal("carol", history[3].Actor);
    }

    [StoreFact]
    public void Staging_holds_one_version_the_previous_one_goes_back_to_candidate()
    {
        using var store = OpenEmpty();
        var v1 = Samples.Version("credit-risk", "1.0.0");
        var v2 = Samples.Version("credit-risk", "2.0.0");
        store.Register(v1, []);
        store.Register(v2, []);
        store.ChangeStage(Samples.Move(v1, Stage.Staging));
        store.ChangeStage(Samples.Move(v2, Stage.Staging));

        Assert.Equal(v2.Digest, store.FindInStage("credit-risk", Stage.Staging)!.Digest);
        Assert.Equal(Stage.Candidate, store.FindByDigest(v1.Digest)!.Stage);

        // From staging into production leaves staging empty.
        store.ChangeStage(Samples.Move(v2, Stage.Production));
        Assert.Null(store.FindInStage("credit-risk", Stage.Staging));
        Assert.Equal("2.0.0", store.ListModels().Single().ProductionVersion);
        Assert.Null(store.ListModels().Single().StagingVersion);
    }

    [StoreFact]
    public void Stage_holders_are_per_model()
    {
        using var store = OpenEmpty();
        var a = Samples.Version("credit-risk", "1.0.0");
        var b = Samples.Version("churn", "1.0.0");
        store.Register(a, []);
        store.Register(b, []);
        store.ChangeStage(Samples.Move(a, Stage.Production));
        store.ChangeStage(Samples.Move(b, Stage.Production));

        Assert.Equal(Stage.Production, store.FindByDigest(a.Digest)!.Stage);
        Assert.Equal(Stage.Production, store.FindByDigest(b.Digest)!.Stage);
    }

    [StoreFact]
    public void A_stage_change_stores_its_signed_record_with_the_attestations()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, [Samples.Attestation("provenance")]);
        var record = Samples.Attestation("promotion record");

        var change = store.ChangeStage(Samples.Move(v, Stage.Production, attestation: record));

        Assert.Equal(record.Sha256, change.AttestationSha256);
        Assert.Equal(record.Sha256, store.StageHistory("credit-risk").Last().AttestationSha256);
        Assert.Equal(["provenance", "promotion record"], store.Attestations(v.Digest).Select(a => a.Line));
    }

    [StoreFact]
    public void Moving_to_the_stage_it_is_in_or_an_unknown_digest_is_refused_without_a_history_row()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, []);

        var same = Assert.Throws<MlOpsException>(() => store.ChangeStage(Samples.Move(v, Stage.Candidate)));
        Assert.Contains("already in candidate", same.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<MlOpsException>(() => store.ChangeStage(Samples.Move(v with { Digest = Samples.Digest("nope") }, Stage.Production)));
        Assert.Contains(Samples.Digest("nope"), unknown.Message, StringComparison.Ordinal);
        Assert.Single(store.StageHistory("credit-risk"));
    }

    [StoreFact]
    public void An_archived_version_can_return_to_production()
    {
        using var store = OpenEmpty();
        var v1 = Samples.Version("credit-risk", "1.0.0");
        var v2 = Samples.Version("credit-risk", "2.0.0");
        store.Register(v1, []);
        store.Register(v2, []);
        store.ChangeStage(Samples.Move(v1, Stage.Production));
        store.ChangeStage(Samples.Move(v2, Stage.Production));

        store.ChangeStage(Samples.Move(v1, Stage.Production));

        Assert.Equal(v1.Digest, store.FindInStage("credit-risk", Stage.Production)!.Digest);
        Assert.Equal(Stage.Archived, store.FindByDigest(v2.Digest)!.Stage);
    }

    [StoreFact]
    public void Attestations_are_added_once_each_in_storage_order()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, [Samples.Attestation("b")]);

        store.AddAttestations(v.Digest, [Samples.Attestation("a"), Samples.Attestation("b"), Samples.Attestation("c")]);
        store.AddAttestations(v.Digest, [Samples.Attestation("a")]);

        var stored = store.Attestations(v.Digest);
        Assert.Equal(["b", "a", "c"], stored.Select(a => a.Line));
        Assert.Equal(Samples.Attestation("a"), stored[1]);
        Assert.Throws<MlOpsException>(() => store.AddAttestations(Samples.Digest("nope"), [Samples.Attestation("a")]));
    }

    [StoreFact]
    public void Monitoring_results_are_kept_once_per_report_oldest_check_first()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, []);
        var late = new MonitoringRecord(v.Digest, Samples.Noon.AddDays(2), "drift", true, ["income", "age"], Samples.Digest("r2"), """{"r":2}""");
        var early = new MonitoringRecord(v.Digest, Samples.Noon.AddDays(1), "drift", false, [], Samples.Digest("r1"), """{"r":1}""");

        store.AddMonitoring(late);
        store.AddMonitoring(early);
        store.AddMonitoring(late with { ReportJson = "ignored" });

        var results = store.Monitoring(v.Digest);
        Assert.Equal(2, results.Count);
        Assert.Equal(early with { DriftedFeatures = results[0].DriftedFeatures }, results[0]);
        Assert.Empty(results[0].DriftedFeatures);
        Assert.Equal(["income", "age"], results[1].DriftedFeatures);
        Assert.True(results[1].Drifted);
        Assert.Equal("""{"r":2}""", results[1].ReportJson);
        Assert.Throws<MlOpsException>(() => store.AddMonitoring(early with { Digest = Samples.Digest("nope") }));
    }

    [StoreFact]
    public void Usage_adds_up_per_digest_day_and_caller_and_moves_the_cursor()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, []);
        var day = new DateOnly(2026, 12, 1);
        var cursor = new UsageCursor("genesis-1", 1, 4096, 10, "hash-10");

        store.AddUsage([new(v.Digest, day, "web", 3, 30), new(v.Digest, day, "", 1, 1)], null, cursor);
        store.AddUsage([new(v.Digest, day, "web", 2, 20), new(v.Digest, day.AddDays(1), "web", 5, 50)], cursor, cursor with { Segment = 2, Offset = 10, Sequence = 17, Hash = "hash-17" });

        Assert.Equal(
            [new(v.Digest, day, "", 1, 1), new(v.Digest, day, "web", 5, 50), new(v.Digest, day.AddDays(1), "web", 5, 50)],
            store.Usage());
        Assert.Equal(new UsageCursor("genesis-1", 2, 10, 17, "hash-17"), store.FindUsageCursor("genesis-1"));
        using var again = Reopen(store);
        Assert.Equal(new UsageCursor("genesis-1", 2, 10, 17, "hash-17"), again.FindUsageCursor("genesis-1"));
    }

    [StoreFact]
    public void Usage_filters_by_model_and_inclusive_day_range_and_keeps_unregistered_digests()
    {
        using var store = OpenEmpty();
        var a = Samples.Version("credit-risk", "1.0.0");
        var b = Samples.Version("churn", "1.0.0");
        store.Register(a, []);
        store.Register(b, []);
        var unregistered = Samples.Digest("never registered");
        var d1 = new DateOnly(2026, 12, 1);
        store.AddUsage(
            [new(a.Digest, d1, "x", 1, 1), new(a.Digest, d1.AddDays(1), "x", 2, 2), new(a.Digest, d1.AddDays(2), "x", 3, 3),
             new(b.Digest, d1, "x", 4, 4), new(unregistered, d1, "x", 5, 5)],
            null, new UsageCursor("log", 1, 1, 1, "h"));

        Assert.Equal([1L, 2, 3], store.Usage("credit-risk").Select(u => u.Calls));
        Assert.Equal([2L, 3], store.Usage("credit-risk", from: d1.AddDays(1)).Select(u => u.Calls));
        Assert.Equal([1L, 2], store.Usage("credit-risk", to: d1.AddDays(1)).Select(u => u.Calls));
        Assert.Equal([2L], store.Usage("credit-risk", d1.AddDays(1), d1.AddDays(1)).Select(u => u.Calls));
        Assert.Equal(3, store.Usage(from: d1, to: d1).Count);
        Assert.Contains(store.Usage(), u => u.Digest == unregistered);
        Assert.Empty(store.Usage("unknown-model"));
    }

    [StoreFact]
    public void A_move_judged_from_a_stage_the_version_has_left_changes_nothing()
    {
        using var store = OpenEmpty();
        var v1 = Samples.Version("credit-risk", "1.0.0");
        store.Register(v1, []);
        // Two promoters judged 1.0.0 as a candidate; the first moved it to staging, then the second's move arrives.
        store.ChangeStage(Samples.Move(v1, Stage.Staging) with { From = Stage.Candidate });
        var late = Assert.Throws<MlOpsException>(() => store.ChangeStage(Samples.Move(v1, Stage.Production) with { From = Stage.Candidate }));

        Assert.Contains("moved from candidate to staging", late.Message);
        Assert.Equal(Stage.Staging, store.FindVersion("credit-risk", "1.0.0")!.Stage);
        Assert.Equal(2, store.StageHistory("credit-risk").Count);
    }

    [StoreFact]
    public void A_cursor_moved_by_another_ingest_adds_nothing()
    {
        using var store = OpenEmpty();
        var v = Samples.Version("credit-risk", "1.0.0");
        store.Register(v, []);
        var day = new DateOnly(2026, 12, 1);
        var start = new UsageCursor("genesis-1", 1, 100, 10, "hash-10");
        store.AddUsage([new(v.Digest, day, "web", 10, 10)], null, start);
        // Two ingests both started reading at record 10; the first to commit moves the cursor to 20.
        store.AddUsage([new(v.Digest, day, "web", 10, 10)], start, start with { Offset = 200, Sequence = 20, Hash = "hash-20" });

        var late = Assert.Throws<MlOpsException>(() =>
            store.AddUsage([new(v.Digest, day, "web", 10, 10)], start, start with { Offset = 200, Sequence = 20, Hash = "hash-20" }));
        Assert.Same(DiagnosticCatalog.UsageCountedConcurrently, late.Diagnostic);
        // A first count racing another first count: the second finds the cursor already there.
        var first = Assert.Throws<MlOpsException>(() =>
            store.AddUsage([new(v.Digest, day, "web", 10, 10)], null, start with { Offset = 300, Sequence = 30, Hash = "hash-30" }));
        Assert.Same(DiagnosticCatalog.UsageCountedConcurrently, first.Diagnostic);

        Assert.Equal([new UsageCount(v.Digest, day, "web", 20, 20)], store.Usage());
        Assert.Equal(start with { Offset = 200, Sequence = 20, Hash = "hash-20" }, store.FindUsageCursor("genesis-1"));
    }

    [StoreFact]
    public void Cursors_are_kept_per_log()
    {
        using var store = OpenEmpty();
        store.AddUsage([], null, new UsageCursor("log-a", 1, 100, 5, "ha"));
        store.AddUsage([], null, new UsageCursor("log-b", 3, 7, 900, "hb"));

        Assert.Equal(new UsageCursor("log-a", 1, 100, 5, "ha"), store.FindUsageCursor("log-a"));
        Assert.Equal(new UsageCursor("log-b", 3, 7, 900, "hb"), store.FindUsageCursor("log-b"));
        Assert.Empty(store.Usage());
    }

    [StoreFact]
    public void Opening_again_keeps_everything_and_the_schema_version()
    {
        using var store = OpenEmpty();
        store.Register(Samples.Version("credit-risk", "1.0.0"), []);
        using var again = Reopen(store);
        using var third = Reopen(again);
        Assert.Single(third.ListModels());
        Assert.False(string.IsNullOrEmpty(third.Location));
    }

    [StoreFact]
    public void Registering_a_version_in_another_stage_than_candidate_is_a_programming_error()
    {
        using var store = OpenEmpty();
        Assert.Throws<ArgumentException>(() => store.Register(Samples.Version("credit-risk", "1.0.0") with { Stage = Stage.Production }, []));
    }
}
