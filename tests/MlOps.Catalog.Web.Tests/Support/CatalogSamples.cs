using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Release.Approvals;
using MlOps.Serialization;

namespace MlOps.Catalog.Web.Tests.Support;

/// <summary>
/// A real SQLite catalog filled through the store the way registrations, promotions, usage ingestion and monitoring
/// fill it: two models with several versions, stage changes, a signed approval, usage on three days, three drift
/// checks of which one drifted, and a version whose card title is a script tag.
/// </summary>
public static class CatalogSamples
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public const string ScriptTitle = "<script>window.__pwned = 1</script> Fraud scorer";

    public static string Digest(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public static VersionRecord Version(string model, string version, int hour, string? title = null, string? evidenceJson = null) => new(
        model, version, Digest($"{model}@{version}"), Digest($"file {model}@{version}"), 40_960 + hour,
        title ?? $"{model} scorer {version}.", Card(model, version, title ?? $"{model} scorer {version}."),
        evidenceJson ?? Evidence(passed: true), "medium", "high-risk", "0123abcd4567ef",
        "https://git.example/models.git", $"artifacts/{model}-{version}.mlpkg", Stage.Candidate, Start.AddHours(hour), "alice");

    /// <summary>A structured card (mlops.card/v1) as an artefact carries it.</summary>
    public static string Card(string model, string version, string description) => new JsonObject
    {
        ["schema"] = "mlops.card/v1",
        ["name"] = model,
        ["version"] = version,
        ["owners"] = new JsonArray("Risk Team", "Data Team"),
        ["licence"] = "MIT",
        ["description"] = description,
        ["intendedUse"] = "Scoring loan applications for manual review.",
        ["limitations"] = "Not validated for applicants under 21.",
        ["label"] = "default",
        ["risk"] = new JsonObject { ["probability"] = "possible", ["severity"] = "major", ["level"] = "medium", ["euAiActCategory"] = "high-risk" },
        ["model"] = new JsonObject
        {
            ["format"] = "onnx",
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "features" }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "score" }),
        },
        ["evidence"] = new JsonArray(new JsonObject { ["kind"] = "evaluation", ["verdict"] = "passed", ["path"] = "evidence/evaluation.json", ["sha256"] = Digest("eval") }),
    }.ToJsonString();

    /// <summary>The evidence summary registration stores (docs/catalog.md), with the gate's requirements.</summary>
    public static string Evidence(bool passed) => new JsonObject
    {
        ["evidence"] = new JsonArray(
            new JsonObject { ["kind"] = "evaluation", ["verdict"] = "passed", ["sha256"] = Digest("eval"), ["path"] = "evidence/evaluation.json" },
            new JsonObject { ["kind"] = "gate", ["verdict"] = passed ? "passed" : "failed", ["sha256"] = Digest("gate"), ["path"] = "evidence/gate.json" }),
        ["gate"] = new JsonObject
        {
            ["verdict"] = passed ? "passed" : "failed",
            ["sha256"] = Digest("gate"),
            ["requirements"] = new JsonArray(
                new JsonObject { ["id"] = "evaluation", ["description"] = "Evaluation evidence passed", ["met"] = true, ["detail"] = "auc 0.91" },
                new JsonObject { ["id"] = "fairness", ["description"] = "Fairness evidence present", ["met"] = passed, ["detail"] = passed ? "present" : "no fairness evidence" }),
        },
    }.ToJsonString();

    /// <summary>A signed approval envelope about <paramref name="v"/>, stored the way registration stores bundle lines.</summary>
    public static StoredAttestation Approval(VersionRecord v, SigningKey key, string role, string comment)
    {
        var statement = new ApprovalStatement(role, ApprovalDecision.Approve, comment, Start.AddDays(1), Digest("card"), Digest("gate"),
            v.RiskLevel, v.EuAiActCategory, null, null).ToStatement(new Subject($"{v.Model}-{v.Version}.mlpkg", v.FileSha256));
        return StoredAttestations.FromEnvelope(DsseEnvelope.Create(InTotoStatement.PayloadType, statement.ToPayload(), key));
    }

    /// <summary>Fills <paramref name="store"/>; returns the version whose page the tests look at.</summary>
    public static VersionRecord Fill(ICatalogStore store)
    {
        using var key = SigningKey.Create();
        var versions = new[]
        {
            Version("credit-risk", "1.0.0", 1),
            Version("credit-risk", "1.1.0", 2),
            Version("credit-risk", "1.2.0", 3, evidenceJson: Evidence(passed: false)),
            Version("fraud", "0.1.0", 4, title: ScriptTitle),
            Version("fraud", "0.2.0", 5, title: ScriptTitle),
        };
        foreach (var v in versions)
        {
            store.Register(v, []);
        }
        var production = versions[1];
        store.AddAttestations(production.Digest, [Approval(production, key, "model-owner", "Looks right <b>to me</b>.")]);
        store.ChangeStage(new StageChangeRequest(versions[0].Digest, Stage.Production, "bob", Start.AddDays(1), "first release", null));
        store.ChangeStage(new StageChangeRequest(production.Digest, Stage.Production, "carol", Start.AddDays(2), "better auc", null));
        store.ChangeStage(new StageChangeRequest(versions[2].Digest, Stage.Staging, "bob", Start.AddDays(3), "trial", null));
        store.ChangeStage(new StageChangeRequest(versions[4].Digest, Stage.Staging, "bob", Start.AddDays(3), null, null));
        var day = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(5);
        store.AddUsage(
        [
            new UsageCount(production.Digest, day, "svc-a", 120, 1200),
            new UsageCount(production.Digest, day, "svc-b", 30, 300),
            new UsageCount(production.Digest, day.AddDays(1), "svc-a", 80, 800),
            new UsageCount(production.Digest, day.AddDays(3), "svc-a", 200, 2000),
            new UsageCount(versions[0].Digest, day, "svc-a", 999, 9990),
        ], null, new UsageCursor("log-1", 1, 4096, 42, Digest("head")));
        for (var i = 0; i < 3; i++)
        {
            var drifted = i == 1;
            var report = $"{{\"check\":{i}}}";
            store.AddMonitoring(new MonitoringRecord(production.Digest, Start.AddDays(6 + i), "drift", drifted,
                drifted ? ["income", "age"] : [], Digest(report), report));
        }
        return production;
    }
}
