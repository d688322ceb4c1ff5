using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Catalog.Monitoring;
using MlOps.Catalog.References;
using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Catalog.Views;
using MlOps.Cli.Shell;
using MlOps.Serialization;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog show`: one version: card, gate, approvals, lineage, stages, usage and monitoring.</summary>
public static class CatalogShowCommand
{
    private const int UsageWindowDays = 7;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "The version: name (latest), name@1.2.0, name@<stage> or name@sha256:<digest>." };
        var json = new Option<bool>("--json") { Description = "Write JSON (field names in docs/catalog.md) instead of text." };
        var command = new Command("show", "Show a version: card summary, gate, approvals (verified with --trust), lineage, stage history, usage, latest drift check. Exit 0, 2 bad input.");
        command.Arguments.Add(reference);
        command.Options.Add(json);
        command.Options.Add(SigningOptions.Trust);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var trust = SigningOptions.LoadTrust(parse);
            using var store = CatalogOptions.Open(parse);
            var view = Gather(store, ModelReference.Parse(parse.GetValue(reference)!).Resolve(store), trust, DateTimeOffset.UtcNow);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(CatalogOutput.Write(ToJson(view, trust is not null)));
            }
            else
            {
                Print(view, trust is not null);
            }
            return ExitCodes.Passed;
        }));
        return command;
    }

    private sealed record Usage(long Calls, long Rows);

    private sealed record View(VersionRecord Version, CardSummary Card, EvidenceSummary Evidence, IReadOnlyList<StoredApproval> Approvals,
        IReadOnlyList<StoredAttestation> Attestations, IReadOnlyList<StageChange> History, Usage LastWeek, Usage Total,
        IReadOnlyList<MonitoringRecord> Checks);

    private static View Gather(ICatalogStore store, VersionRecord version, TrustFile? trust, DateTimeOffset now)
    {
        var attestations = store.Attestations(version.Digest);
        var usage = store.Usage(version.Model).Where(u => u.Digest == version.Digest).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var since = today.AddDays(1 - UsageWindowDays);
        var week = usage.Where(u => u.Day >= since && u.Day <= today).ToList();
        return new View(version, CardSummary.Read(version.CardJson), EvidenceSummary.Read(version.EvidenceJson), StoredApproval.Read(version, attestations, trust), attestations,
            store.StageHistory(version.Model).Where(h => h.Digest == version.Digest).ToList(),
            new Usage(week.Sum(u => u.Calls), week.Sum(u => u.Rows)), new Usage(usage.Sum(u => u.Calls), usage.Sum(u => u.Rows)),
            store.Monitoring(version.Digest));
    }

    private static void Print(View view, bool verified)
    {
        var v = view.Version;
        var card = view.Card;
        var o = Console.Out;
        if (DriftCheck.Flag(view.Checks) is { } flag)
        {
            o.WriteLine(flag);
        }
        o.WriteLine($"{v.Model} {v.Version} ({v.Stage.Word()})");
        o.WriteLine($"  title:        {v.Title}");
        o.WriteLine($"  digest:       sha256:{v.Digest}");
        o.WriteLine($"  risk:         {v.RiskLevel} (EU AI Act: {v.EuAiActCategory})");
        if (card.IntendedUse is { } use)
        {
            o.WriteLine($"  intended use: {use.Trim()}");
        }
        var evidence = view.Evidence;
        if (evidence.GateVerdict is { } verdict)
        {
            o.WriteLine($"  gate:         {verdict}, {evidence.Met} of {evidence.Total} requirements met");
            foreach (var unmet in evidence.Unmet)
            {
                o.WriteLine($"    unmet: {unmet}");
            }
        }
        else
        {
            o.WriteLine("  gate:         no gate evidence in the artefact");
        }
        var kinds = evidence.Evidence.Select(e => $"{e.Kind} {e.Verdict}").ToList();
        o.WriteLine($"  evidence:     {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}");
        o.WriteLine($"  approvals:    {(view.Approvals.Count == 0 ? "none" : $"{view.Approvals.Count}{(verified ? "" : " (not verified: pass --trust)")}")}");
        foreach (var a in view.Approvals)
        {
            o.WriteLine($"    {a.Role}: {a.Decision} by {a.Signer}{(a.Time is { } t ? $" at {UtcTime.Format(t)}" : "")} ({a.Status})");
        }
        o.WriteLine($"  attestations: {view.Attestations.Count}" + (view.Attestations.Count == 0 ? "" :
            " (" + string.Join(", ", view.Attestations.GroupBy(a => Word(a.PredicateType)).Select(g => $"{g.Count()} {g.Key}")) + ")"));
        o.WriteLine($"  lineage:      commit {v.Commit ?? "unknown"}, repository {v.RepositoryUrl ?? "unknown"}");
        o.WriteLine($"  registered:   {UtcTime.Format(v.RegisteredAt)} by {v.RegisteredBy}{(v.Location is { } l ? $", from {l}" : "")}");
        o.WriteLine("  stage history:");
        foreach (var h in view.History)
        {
            o.WriteLine($"    {UtcTime.Format(h.At)} {(h.From is { } from ? from.Word() + " -> " : "")}{h.To.Word()} by {h.Actor}{(h.Reason is { } r ? $": {r}" : "")}");
        }
        o.WriteLine($"  usage:        {Count(view.LastWeek.Calls)} call(s), {Count(view.LastWeek.Rows)} row(s) in the last {UsageWindowDays} days; {Count(view.Total.Calls)} call(s), {Count(view.Total.Rows)} row(s) in all");
        var latest = DriftCheck.Latest(view.Checks);
        o.WriteLine(latest is null
            ? "  monitoring:   never checked"
            : $"  monitoring:   {view.Checks.Count} check(s); latest {UtcTime.Format(latest.CheckedAt)}: {(latest.Drifted ? "drifted (" + string.Join(", ", latest.DriftedFeatures) + ")" : "no drift")}");
    }

    private static JsonObject ToJson(View view, bool verified)
    {
        var v = view.Version;
        var latest = DriftCheck.Latest(view.Checks);
        var evidence = view.Evidence;
        return new JsonObject
        {
            ["model"] = v.Model,
            ["version"] = v.Version,
            ["digest"] = v.Digest,
            ["fileSha256"] = v.FileSha256,
            ["size"] = v.Size,
            ["title"] = v.Title,
            ["stage"] = v.Stage.Word(),
            ["registeredAt"] = UtcTime.Format(v.RegisteredAt),
            ["registeredBy"] = v.RegisteredBy,
            ["location"] = v.Location,
            ["card"] = new JsonObject
            {
                ["description"] = view.Card.Description,
                ["intendedUse"] = view.Card.IntendedUse,
                ["owners"] = new JsonArray(view.Card.Owners.Select(x => (JsonNode?)x).ToArray()),
            },
            ["risk"] = new JsonObject { ["level"] = v.RiskLevel, ["euAiActCategory"] = v.EuAiActCategory },
            ["evidence"] = new JsonArray(evidence.Evidence.Select(e => (JsonNode?)new JsonObject { ["kind"] = e.Kind, ["verdict"] = e.Verdict, ["sha256"] = e.Sha256, ["path"] = e.Path }).ToArray()),
            ["gate"] = evidence.GateVerdict is { } verdict ? new JsonObject
            {
                ["verdict"] = verdict,
                ["requirementsMet"] = evidence.Met,
                ["requirements"] = evidence.Total,
                ["unmet"] = new JsonArray(evidence.Unmet.Select(u => (JsonNode?)u).ToArray()),
            } : null,
            ["approvalsVerified"] = verified,
            ["approvals"] = new JsonArray(view.Approvals.Select(a => (JsonNode?)new JsonObject
            {
                ["role"] = a.Role,
                ["decision"] = a.Decision,
                ["signer"] = a.Signer,
                ["keyId"] = a.KeyId,
                ["time"] = a.Time is { } t ? UtcTime.Format(t) : null,
                ["status"] = a.Status,
            }).ToArray()),
            ["attestations"] = new JsonArray(view.Attestations.Select(a => (JsonNode?)new JsonObject
            {
                ["sha256"] = a.Sha256,
                ["predicateType"] = a.PredicateType,
                ["keyId"] = a.KeyId,
            }).ToArray()),
            ["lineage"] = new JsonObject { ["commit"] = v.Commit, ["repositoryUrl"] = v.RepositoryUrl },
            ["stageHistory"] = new JsonArray(view.History.Select(h => (JsonNode?)new JsonObject
            {
                ["from"] = h.From?.Word(),
                ["to"] = h.To.Word(),
                ["actor"] = h.Actor,
                ["at"] = UtcTime.Format(h.At),
                ["reason"] = h.Reason,
                ["attestationSha256"] = h.AttestationSha256,
            }).ToArray()),
            ["usage"] = new JsonObject
            {
                ["last7Days"] = new JsonObject { ["calls"] = view.LastWeek.Calls, ["rows"] = view.LastWeek.Rows },
                ["total"] = new JsonObject { ["calls"] = view.Total.Calls, ["rows"] = view.Total.Rows },
            },
            ["monitoring"] = new JsonObject
            {
                ["checks"] = view.Checks.Count,
                ["latest"] = latest is null ? null : new JsonObject
                {
                    ["checkedAt"] = UtcTime.Format(latest.CheckedAt),
                    ["kind"] = latest.Kind,
                    ["drifted"] = latest.Drifted,
                    ["driftedFeatures"] = new JsonArray(latest.DriftedFeatures.Select(f => (JsonNode?)f).ToArray()),
                    ["reportSha256"] = latest.ReportSha256,
                },
            },
            ["drifted"] = latest?.Drifted == true,
        };
    }

    private static string Word(string predicateType) =>
        predicateType.Length == 0 ? "unreadable" : predicateType == Catalog.Promotion.PromotionRecord.PredicateType ? "promotion" : PredicateTypes.Word(predicateType);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

}
