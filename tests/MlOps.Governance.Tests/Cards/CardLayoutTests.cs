using System.Text.RegularExpressions;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Packaging;
using MlOps.Governance.Policy;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.CardTests;

/// <summary>
/// The card leads with the decision: the verdict banner and the contents first, the evidence a reviewer decides on
/// before the drift profiles, long tables folded, drifted features and unmet requirements highlighted.
/// </summary>
public sealed class CardLayoutTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public CardLayoutTests()
    {
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "drift-report.json"), DriftReport);
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "training.json"),
            "{\n  \"schema\": \"mlops.evidence.training/v1\",\n  \"kind\": \"training\",\n  \"modelSha256\": null,\n  \"verdict\": \"info\",\n"
            + "  \"trainer\": {\n    \"name\": \"LbfgsLogisticRegression\",\n    \"options\": {\n      \"l2Regularization\": 0.5\n    }\n  },\n  \"seed\": 7\n}\n");
    }

    public void Dispose() => _inputs.Dispose();

    // Two features: age drifted, income did not; the data set drifted.
    private const string DriftReport = """
        {
          "schema": "mlops.evidence.drift-report/v1",
          "kind": "drift-report",
          "modelSha256": null,
          "verdict": "failed",
          "datasetDrift": true,
          "driftedShare": 0.5,
          "features": {
            "age": {"type": "numeric", "method": "ks", "score": 0.4, "threshold": 0.1, "psi": 0.3, "drifted": true,
                    "bins": {"labels": ["<= 30", "> 30"], "reference": [0.5, 0.5], "current": [0.2, 0.8]}},
            "income": {"type": "numeric", "method": "ks", "score": 0.01, "threshold": 0.1, "psi": 0.01, "drifted": false,
                    "bins": {"labels": ["<= 1", "> 1"], "reference": [0.5, 0.5], "current": [0.5, 0.5]}}
          }
        }
        """;

    // The real gate on the loose evidence, as the pipeline's GateEvidence stage runs it.
    private void Gate(GatePolicy? policy = null)
    {
        var gatePath = Path.Combine(_inputs.EvidenceDirectory, "gate.json");
        File.Delete(gatePath);
        var inputs = GateInputs.FromFolder(_inputs.EvidenceDirectory, _inputs.CardPath, _inputs.ModelPath);
        EvidenceDocument.Write(gatePath, PolicyGate.ToJson(PolicyGate.Evaluate(inputs, policy)));
    }

    // The gate's own list of unmet requirements ("description: detail"), which the banner must repeat in order.
    private List<string> UnmetInGate() =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_inputs.EvidenceDirectory, "gate.json")))
            .RootElement.GetProperty("unmet").EnumerateArray().Select(u => u.GetString()!).ToList();

    [Fact]
    public void The_html_card_opens_with_the_verdict_banner_and_the_contents()
    {
        Gate();
        var html = File.ReadAllText(MlPackageBuilder.Build(_inputs.Request()).CardHtmlPath);

        var body = html[(html.IndexOf("<main>\n", StringComparison.Ordinal) + 7)..];
        var lines = body.Split('\n');
        Assert.StartsWith("<h1>Model card: credit-risk 1.2.0</h1>", lines[0]);
        Assert.StartsWith("<div class=\"card-banner verdict-failed\" role=\"status\">", lines[1]);
        Assert.StartsWith("<p><strong>Gate failed</strong>: ", lines[2]);
        // The unmet requirements are listed in the banner, before the contents.
        var banner = body[..body.IndexOf("</div>", StringComparison.Ordinal)];
        var unmet = UnmetInGate();
        Assert.NotEmpty(unmet);
        Assert.Equal(unmet.Select(u => $"<li>{u}</li>"), Regex.Matches(banner, "<li>[^<]*</li>").Select(m => System.Net.WebUtility.HtmlDecode(m.Value)));
        Assert.Contains("<a href=\"#evidence-gate\">details</a>", banner);
        var nav = body[body.IndexOf("</div>\n", StringComparison.Ordinal)..];
        Assert.StartsWith("</div>\n<nav class=\"toc\" aria-label=\"Contents\">", nav);
        // Every link in the contents resolves to exactly one id on the page.
        var toc = nav[..nav.IndexOf("</nav>", StringComparison.Ordinal)];
        var links = Regex.Matches(toc, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("evidence-drift-report", links);
        Assert.Contains("decision", links);
        foreach (var link in links)
        {
            Assert.Single(Regex.Matches(html, $"id=\"{Regex.Escape(link)}\""));
        }
    }

    [Fact]
    public void The_markdown_card_opens_with_the_verdict_banner_and_the_contents()
    {
        Gate();
        var lines = File.ReadAllText(MlPackageBuilder.Build(_inputs.Request()).CardMarkdownPath).Split('\n');

        Assert.Equal("# Model card: credit-risk 1.2.0", lines[0]);
        Assert.StartsWith("> **Gate failed**: ", lines[2]);
        Assert.Contains("> Unmet requirements ([details](#evidence-gate-failed)):", lines);
        Assert.Equal(UnmetInGate().Select(u => "> - " + MarkdownText.Escape(u)), lines.Where(l => l.StartsWith("> - ", StringComparison.Ordinal)));
        var contents = Array.IndexOf(lines, "**Contents:**");
        Assert.True(contents > 2 && contents < 12, $"contents at line {contents}");
        Assert.Equal("1. [Summary](#summary)", lines[contents + 2]);
        Assert.Contains("   - [drift-report](#evidence-drift-report-failed)", lines);
        Assert.Contains("### Evidence: drift-report (failed)", lines);
    }

    [Fact]
    public void Decision_evidence_comes_before_the_drift_histograms()
    {
        Gate();
        var built = MlPackageBuilder.Build(_inputs.Request());
        var html = File.ReadAllText(built.CardHtmlPath);
        int At(string s) => html.IndexOf(s, StringComparison.Ordinal);

        Assert.True(At("id=\"evidence-gate\"") < At("id=\"evidence-evaluation\""));
        Assert.True(At("id=\"evidence-evaluation\"") < At("id=\"evidence-training\""));
        Assert.True(At("id=\"evidence-training\"") < At("<h2>Intended use</h2>"));
        Assert.True(At("<h2>Intended use</h2>") < At("id=\"evidence-drift-report\""));
        Assert.True(At("id=\"evidence-drift-report\"") < html.IndexOf("<svg", At("id=\"evidence-drift-report\""), StringComparison.Ordinal));
        // The training run's hyperparameters are in the decision part.
        Assert.True(At("l2Regularization") < At("id=\"evidence-drift-report\""));

        var md = File.ReadAllText(built.CardMarkdownPath);
        Assert.True(md.IndexOf("### Evidence: evaluation", StringComparison.Ordinal) < md.IndexOf("### Evidence: drift-report", StringComparison.Ordinal));
        Assert.True(md.IndexOf("| l2Regularization | 0.5 |", StringComparison.Ordinal) < md.IndexOf("## Intended use", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_tables_and_histograms_fold_away_and_drifted_features_are_highlighted()
    {
        var built = MlPackageBuilder.Build(_inputs.Request());
        var html = File.ReadAllText(built.CardHtmlPath);

        var drift = html[html.IndexOf("id=\"evidence-drift-report\"", StringComparison.Ordinal)..];
        drift = drift[..drift.IndexOf("</section>", StringComparison.Ordinal)];
        var fold = drift.IndexOf("<details>\n<summary>Per-feature drift tests and histograms (2 features)</summary>", StringComparison.Ordinal);
        Assert.True(fold >= 0);
        Assert.True(fold < drift.IndexOf("<caption>Per-feature drift tests</caption>", StringComparison.Ordinal));
        Assert.True(fold < drift.IndexOf("<svg", StringComparison.Ordinal));
        // The drifted feature: a badge above the fold and a highlighted row; the other row is plain.
        Assert.Contains("Drifted features: <span class=\"badge verdict-failed\"", drift);
        Assert.Matches("<tr class=\"flagged\"[^>]*><th scope=\"row\">age</th>", drift);
        Assert.Contains("<tr><th scope=\"row\">income</th>", drift);
        // The members table folds too.
        Assert.Contains("<details>\n<summary>Members (", html);

        var md = File.ReadAllText(built.CardMarkdownPath);
        Assert.Contains("Drifted features: **age**", md);
        Assert.Contains("<details>\n<summary>Per-feature drift tests and histograms (2 features)</summary>\n\n| feature |", md);
        Assert.Contains("| **age** | **numeric** | **ks** |", md);
    }

    [Fact]
    public void The_print_style_prints_folded_parts_open_and_hides_the_contents()
    {
        var print = CardHtmlRenderer.Stylesheet[CardHtmlRenderer.Stylesheet.IndexOf("@media print", StringComparison.Ordinal)..];
        Assert.Contains("details::details-content{content-visibility:visible;display:contents}", print);
        Assert.Contains(".toc{display:none}", print);
    }

    [Fact]
    public void Evidence_order_is_decision_then_supporting_then_unknown_kinds_by_name()
    {
        Assert.Equal(
            [EvidenceKinds.Gate, EvidenceKinds.Evaluation, EvidenceKinds.Changes, EvidenceKinds.DriftReport, EvidenceKinds.DriftBaseline, "alpha", "zeta"],
            EvidenceOrder.SortKinds(["zeta", EvidenceKinds.DriftBaseline, EvidenceKinds.Changes, "alpha", EvidenceKinds.Evaluation, EvidenceKinds.Gate, EvidenceKinds.DriftReport]));
        // Every kind of the contract has its place.
        Assert.Equal(EvidenceKinds.All.Order(StringComparer.Ordinal), EvidenceOrder.Decision.Concat(EvidenceOrder.Supporting).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_gate_verdict_judged_for_another_risk_level_is_stale_in_the_card_and_the_result()
    {
        Gate();
        // The author raises the risk after the gate ran: likely × major (high) becomes very likely × major (severe).
        _inputs.WriteCard(SampleInputs.Card.Replace("probability: likely", "probability: very likely"));

        var built = MlPackageBuilder.Build(_inputs.Request());

        Assert.Equal("computed for risk level high (the card says severe)", built.StaleGate);
        var html = File.ReadAllText(built.CardHtmlPath);
        Assert.Contains("<div class=\"card-banner verdict-failed\" role=\"status\">\n<p><strong>Gate verdict stale</strong>: computed for risk level high (the card says severe).", html);
        Assert.Contains("<span class=\"verdict-failed\">gate verdict stale</span>: computed for risk level high (the card says severe); run the gate again", html);
        Assert.DoesNotContain("Gate failed", html);
        Assert.DoesNotContain("Gate passed", html);
        Assert.Contains("<h3>Evidence: gate (<span class=\"verdict-failed\">stale</span>)</h3>\n<p>This gate verdict is stale: it was computed for risk level high", html);
        Assert.DoesNotContain("Policy requirements", html);
        var md = File.ReadAllText(built.CardMarkdownPath);
        Assert.Contains("| Gate | **gate verdict stale**: computed for risk level high (the card says severe); run the gate again |", md);

        // Gating again for this card makes it fresh.
        Gate();
        var again = MlPackageBuilder.Build(_inputs.Request());
        Assert.Null(again.StaleGate);
        Assert.DoesNotContain("stale", File.ReadAllText(again.CardHtmlPath));
    }

    [Fact]
    public void A_gate_verdict_judged_under_another_policy_is_stale_when_the_build_knows_its_policy()
    {
        var policy = Path.Combine(_inputs.Root, "governance-policy.yaml");
        File.WriteAllText(policy, "levels:\n  high:\n    noDatasetDrift: false\n");
        Gate(PolicyFile.Read(policy));
        var gate = File.ReadAllText(Path.Combine(_inputs.EvidenceDirectory, "gate.json"));
        Assert.Contains($"\"sha256\": \"{MlOps.Hashing.Sha256Hex.OfFile(policy)}\"", gate);

        Assert.Null(MlPackageBuilder.Build(_inputs.Request() with { PolicyPath = policy }).StaleGate);
        // The built-in policy ("" : no file) and an edited policy are other policies.
        Assert.StartsWith("computed for policy governance-policy.yaml (sha256 ", MlPackageBuilder.Build(_inputs.Request() with { PolicyPath = "" }).StaleGate);
        File.AppendAllText(policy, "  low:\n    noDatasetDrift: true\n");
        var edited = MlPackageBuilder.Build(_inputs.Request() with { PolicyPath = policy });
        Assert.NotNull(edited.StaleGate);
        Assert.Contains("gate verdict stale", File.ReadAllText(edited.CardMarkdownPath));
        // Unknown policy: only the risk is compared.
        Assert.Null(MlPackageBuilder.Build(_inputs.Request()).StaleGate);
    }

    [Fact]
    public void A_missing_policy_file_is_refused_before_anything_is_written()
    {
        var error = Assert.Throws<MlOpsException>(() => MlPackageBuilder.Build(_inputs.Request() with { PolicyPath = Path.Combine(_inputs.Root, "nope.yaml") }));
        Assert.Contains("policy file does not exist", error.Message);
        Assert.False(Directory.Exists(_inputs.OutputDirectory));
    }
}
