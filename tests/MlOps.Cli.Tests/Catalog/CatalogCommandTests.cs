using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Tests.ArtefactTests;
using MlOps.Hashing;

namespace MlOps.Cli.Tests.Catalog;

public sealed class CatalogCommandTests
{
    [Fact]
    public void Registering_twice_is_idempotent_by_digest_and_adds_only_the_new_attestations()
    {
        using var f = new CatalogFixture();
        var first = f.Register();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("registered: churn 0.3.1 (sha256:", first.StdOut);
        Assert.Contains("as candidate", first.StdOut);
        f.Release.Approve("alice", "risk-manager");
        var again = f.Register();
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.StartsWith("already registered: churn 0.3.1", again.StdOut);
        Assert.Contains("attestations: 1 new", again.StdOut);
        var third = f.Register();
        Assert.Contains("attestations: 0 new", third.StdOut);
        var list = f.Run("list", "--json");
        using var doc = JsonDocument.Parse(list.StdOut);
        var model = Assert.Single(doc.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("churn", model.GetProperty("name").GetString());
        Assert.Equal(1, model.GetProperty("versions").GetInt32());
        var show = f.Show("churn");
        Assert.Equal(Path.GetFullPath(f.Artefact), show.GetProperty("location").GetString());
        Assert.Equal(Environment.UserName, show.GetProperty("registeredBy").GetString());
        Assert.Equal("Predicts churn.", show.GetProperty("title").GetString());
        Assert.Equal("Retention campaigns.", show.GetProperty("card").GetProperty("intendedUse").GetString());
        Assert.Single(show.GetProperty("approvals").EnumerateArray());
    }

    [Fact]
    public void A_tampered_artefact_is_refused_with_the_verify_report_exit_2_and_nothing_stored()
    {
        using var f = new CatalogFixture();
        var members = ArtefactRepack.Members(f.Artefact);
        var card = members.FindIndex(m => m.Path == ArtefactPaths.CardHtml);
        members[card] = new ZipMember(ArtefactPaths.CardHtml, "<p>a friendlier card</p>"u8.ToArray());
        File.WriteAllBytes(f.Artefact, DeterministicZipWriter.ToBytes(members, ArtefactRepack.Epoch,
            ArtefactPaths.Comment(Sha256Hex.Of(ArtefactRepack.Manifest(f.Artefact)))));
        var register = f.Register();
        Assert.Equal(2, register.ExitCode);
        Assert.StartsWith("TAMPERED: churn 0.3.1", register.StdOut);
        Assert.Contains(ArtefactPaths.CardHtml, register.StdOut);
        Assert.Contains("so it was not registered", register.StdErr);
        // Refused before the catalog was opened: not even an empty catalog was created, and reading it says so.
        Assert.False(File.Exists(f.Catalog));
        var list = f.Run("list");
        Assert.Equal(2, list.ExitCode);
        Assert.Contains("MLOPS177", list.StdErr);
        Assert.False(File.Exists(f.Catalog));
    }

    [Fact]
    public void An_unknown_model_version_or_empty_stage_is_exit_2_listing_what_exists()
    {
        using var f = new CatalogFixture();
        f.Register();
        var model = f.Run("show", "loan");
        Assert.Equal(2, model.ExitCode);
        Assert.Contains("MLOPS165", model.StdErr);
        Assert.Contains("no model 'loan'", model.StdErr);
        Assert.Contains("Models in the catalog: churn", model.StdErr);
        var version = f.Run("show", "churn@9.9.9");
        Assert.Equal(2, version.ExitCode);
        Assert.Contains("no version 9.9.9", version.StdErr);
        Assert.Contains("Its versions: 0.3.1", version.StdErr);
        var stage = f.Run("show", "churn@production");
        Assert.Equal(2, stage.ExitCode);
        Assert.Contains("no version in production", stage.StdErr);
        Assert.Contains("candidate 0.3.1", stage.StdErr);
        var malformed = f.Run("show", "churn@");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("MLOPS166", malformed.StdErr);
    }

    [Fact]
    public void Promotion_to_production_without_the_approvals_is_refused_listing_what_is_missing_and_changes_nothing()
    {
        using var f = new CatalogFixture();
        f.Register();
        f.Release.Approve("alice", "risk-manager");
        var promote = f.Promote("churn@0.3.1", "production", "carol");
        Assert.Equal(1, promote.ExitCode);
        Assert.StartsWith("REFUSED: churn 0.3.1 candidate -> production:", promote.StdOut);
        Assert.Contains("unmet: Approved by a model-owner: missing", promote.StdOut);
        var show = f.Show("churn@0.3.1");
        Assert.Equal("candidate", show.GetProperty("stage").GetString());
        Assert.DoesNotContain(show.GetProperty("stageHistory").EnumerateArray(), h => h.GetProperty("to").GetString() == "production");
    }

    [Fact]
    public void Promotion_with_the_approvals_passes_signs_a_record_and_archives_the_previous_production_version()
    {
        using var f = new CatalogFixture();
        f.Register();
        f.Release.Approve("alice", "risk-manager");
        f.Release.Approve("bob", "model-owner");
        var first = f.Promote("churn", "production", "carol", "--reason", "first release");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("PROMOTED: churn 0.3.1 candidate -> production by Carol Both (promotion record sha256:", first.StdOut);

        var next = f.BuildVersion("0.4.0");
        foreach (var (who, role) in new[] { ("alice", "risk-manager"), ("bob", "model-owner") })
        {
            var approve = CliRunner.Run("approve", next, "--role", role, "--key", f.Release.Key(who), "--comment", "Fine.", "--policy", f.Release.Policy);
            Assert.True(approve.ExitCode == 0, approve.ToString());
        }
        Assert.Equal(0, f.Register(next).ExitCode);
        var second = f.Promote("churn@0.4.0", "production", "carol");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("archived: churn 0.3.1 (was production)", second.StdOut);

        Assert.Equal("archived", f.Show("churn@0.3.1").GetProperty("stage").GetString());
        var production = f.Show("churn@production");
        Assert.Equal("0.4.0", production.GetProperty("version").GetString());
        var record = production.GetProperty("stageHistory").EnumerateArray().Last();
        Assert.Equal("production", record.GetProperty("to").GetString());
        Assert.Equal("Carol Both", record.GetProperty("actor").GetString());
        var sha = record.GetProperty("attestationSha256").GetString();
        Assert.Contains(production.GetProperty("attestations").EnumerateArray(),
            a => a.GetProperty("sha256").GetString() == sha && a.GetProperty("predicateType").GetString() == "https://mlopsbuild.dev/promotion/v1");

        // Backwards is refused: production never moves back to staging (archive it instead).
        var back = f.Promote("churn@production", "staging", "carol");
        Assert.Equal(1, back.ExitCode);
        Assert.Contains("does not move back to staging", back.StdOut);
        Assert.Equal("production", f.Show("churn@0.4.0").GetProperty("stage").GetString());
    }

    [Fact]
    public void Into_production_the_artefact_must_be_at_hand_and_be_the_registered_file()
    {
        using var f = new CatalogFixture();
        f.Register();
        f.Release.Approve("alice", "risk-manager");
        f.Release.Approve("bob", "model-owner");
        // Registered on "another agent": the file moved away. The copy (with its bundle) is what a pull would give.
        var pulled = f.Release.Folder.File("pulled");
        Directory.CreateDirectory(pulled);
        var copy = Path.Combine(pulled, Path.GetFileName(f.Artefact));
        File.Move(f.Artefact, copy);
        File.Move(f.Release.Bundle, copy + ".intoto.jsonl");

        var missing = f.Promote("churn", "production", "carol");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("MLOPS168", missing.StdErr);
        Assert.Contains("Use --artefact <mlpkg>.", missing.StdErr);

        var other = f.BuildVersion("0.4.0");
        var wrong = f.Promote("churn", "production", "carol", "--artefact", other);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("is not the registered artefact of churn 0.3.1", wrong.StdErr);
        Assert.Equal("candidate", f.Show("churn@0.3.1").GetProperty("stage").GetString());

        var promoted = f.Promote("churn@0.3.1", "production", "carol", "--artefact", copy);
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Equal("production", f.Show("churn@0.3.1").GetProperty("stage").GetString());
    }

    [Fact]
    public void A_key_the_trust_file_does_not_name_is_refused_exit_2_and_the_stage_is_unchanged()
    {
        using var f = new CatalogFixture();
        f.Register();
        var promote = f.Promote("churn", "staging", "mallory");
        Assert.Equal(2, promote.ExitCode);
        Assert.Contains("MLOPS169", promote.StdErr);
        Assert.Contains("is not in the trust file", promote.StdErr);
        Assert.Equal("candidate", f.Show("churn").GetProperty("stage").GetString());
    }

    [Fact]
    public void Staging_needs_a_trusted_key_but_no_gate()
    {
        using var f = new CatalogFixture();
        f.Register();
        var promote = f.Promote("churn", "staging", "alice");
        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.Equal("staging", f.Show("churn@staging").GetProperty("stage").GetString());
    }

    [Fact]
    public void A_drift_check_is_stored_and_show_flags_the_version_whose_latest_check_drifted()
    {
        using var f = new CatalogFixture();
        f.Register();
        var folder = f.Release.Folder;
        File.WriteAllText(folder.File("base.csv"), "age,city\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{20 + i % 30},{(i % 2 == 0 ? "Oslo" : "Rome")}\n")));
        File.WriteAllText(folder.File("same.csv"), "age,city\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{20 + (i * 7) % 30},{(i % 2 == 1 ? "Oslo" : "Rome")}\n")));
        File.WriteAllText(folder.File("moved.csv"), "age,city\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{60 + i % 30},{(i % 2 == 0 ? "Oslo" : "Rome")}\n")));
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", folder.File("base.csv"), "--out", folder.File("baseline.json")).ExitCode);
        CliRunner.Run("drift", "compare", "--baseline", folder.File("baseline.json"), "--data", folder.File("same.csv"), "--out", folder.File("calm.json"));
        CliRunner.Run("drift", "compare", "--baseline", folder.File("baseline.json"), "--data", folder.File("moved.csv"), "--out", folder.File("drifted.json"));

        var calm = f.Run("monitor", "add", "churn@0.3.1", folder.File("calm.json"), "--at", "2026-11-01T06:00:00Z");
        Assert.True(calm.ExitCode == 0, calm.ToString());
        Assert.Contains("no drift", calm.StdOut);
        Assert.DoesNotContain("DRIFTED", f.Run("show", "churn").StdOut);

        var drifted = f.Run("monitor", "add", "churn", folder.File("drifted.json"), "--at", "2026-12-01T06:00:00Z");
        Assert.True(drifted.ExitCode == 0, drifted.ToString());
        var show = f.Run("show", "churn");
        Assert.StartsWith("DRIFTED since 2026-12-01T06:00:00Z: age", show.StdOut);
        var json = f.Show("churn");
        Assert.True(json.GetProperty("drifted").GetBoolean());
        Assert.Equal(2, json.GetProperty("monitoring").GetProperty("checks").GetInt32());
    }

    [Fact]
    public void A_file_that_is_not_a_drift_report_is_exit_2_naming_the_field()
    {
        using var f = new CatalogFixture();
        f.Register();
        var notReport = f.Release.Folder.File("gate.json");
        File.WriteAllText(notReport, "{\"schema\":\"mlops.evidence.gate/v1\",\"kind\":\"gate\"}");
        var add = f.Run("monitor", "add", "churn", notReport);
        Assert.Equal(2, add.ExitCode);
        Assert.Contains("MLOPS167", add.StdErr);
        Assert.Contains("'schema'", add.StdErr);
        Assert.Equal(0, f.Show("churn").GetProperty("monitoring").GetProperty("checks").GetInt32());
    }
}
