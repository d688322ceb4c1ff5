using System.Text.Json;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.CardTests;

public sealed class CardRenderingTests : IDisposable
{
    private readonly SampleInputs _inputs = new();
    private readonly PackageResult _built;

    public CardRenderingTests() => _built = MlPackageBuilder.Build(_inputs.Request());

    public void Dispose() => _inputs.Dispose();

    [Fact]
    public void The_html_card_is_self_contained_with_no_scripts_or_external_resources()
    {
        var html = File.ReadAllText(_built.CardHtmlPath);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style>", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public void Raw_html_and_images_in_the_authors_prose_are_neutralised()
    {
        _inputs.WriteCard(SampleInputs.Card + "\n<script>alert(1)</script>\n\n![chart](https://example.org/x.png)\n");
        var result = MlPackageBuilder.Build(_inputs.Request(Path.Combine(_inputs.Root, "prose")));
        var html = File.ReadAllText(result.CardHtmlPath);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("<a href=\"https://example.org/x.png\">chart</a>", html);
    }

    [Fact]
    public void The_risk_matrix_highlights_exactly_the_models_cell()
    {
        var html = File.ReadAllText(_built.CardHtmlPath);
        Assert.Equal(1, Count(html, "aria-current=\"true\""));
        Assert.Contains("<td class=\"lvl-high current\" aria-current=\"true\">high<span class=\"tag\">this model</span></td>", html);
        Assert.Equal(25, Count(html, "<td class=\"lvl-"));
        var md = File.ReadAllText(_built.CardMarkdownPath);
        Assert.Contains("**[high]** ← this model", md);
    }

    [Fact]
    public void The_card_shows_the_graph_inputs_and_outputs()
    {
        var md = File.ReadAllText(_built.CardMarkdownPath);
        Assert.Contains("| `X` | float | `[N, 3]` |", md);
        Assert.Contains("| `probability` | float | `[N, 1]` |", md);
        var html = File.ReadAllText(_built.CardHtmlPath);
        Assert.Contains("<tr><td><code>X</code></td><td>float</td><td>[N, 3]</td></tr>", html);
    }

    [Fact]
    public void The_card_shows_lineage_with_data_digests_and_rows()
    {
        var md = File.ReadAllText(_built.CardMarkdownPath);
        Assert.Contains("| `train.csv` | training | 3 |", md);
        Assert.Contains("| `eval.csv` | evaluation | 2 |", md);
        Assert.Contains(_built.Manifest.Data[0].Sha256, md);
        Assert.Contains("2023-11-14T22:13:20Z", md);
        Assert.Contains("`1.0.0`", md);
    }

    [Fact]
    public void The_card_indexes_the_evidence_with_verdicts_and_renders_key_figures()
    {
        var md = File.ReadAllText(_built.CardMarkdownPath);
        Assert.Contains("| [evaluation](#evidence-evaluation-passed) | passed | `evidence/evaluation.json` |", md);
        Assert.Contains("### Evidence: evaluation (passed)", md);
    }

    [Fact]
    public void The_generic_fallback_renders_the_verdict_and_key_figures()
    {
        var json = "{\"schema\":\"mlops.evidence.reproducibility/v1\",\"kind\":\"reproducibility\",\"modelSha256\":null,\"verdict\":\"failed\","
            + "\"rebuild\":{\"sameDigest\":false,\"maxDifference\":1.5E-07},\"runs\":[1,2,3],\"note\":\"<b>x</b>\"}";
        var evidence = EvidenceFile.Parse(System.Text.Encoding.UTF8.GetBytes(json), "r.json");
        var section = new GenericEvidenceSectionRenderer().Render(evidence);
        Assert.Contains("Verdict: **failed**", section.Markdown);
        Assert.Contains("| rebuild.sameDigest | false |", section.Markdown);
        Assert.Contains("| rebuild.maxDifference | 1.5E-07 |", section.Markdown);
        Assert.Contains("| runs (items) | 3 |", section.Markdown);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", section.Html);
        Assert.DoesNotContain("<b>", section.Html);
    }

    [Fact]
    public void The_json_card_has_the_documented_fields()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(_built.CardJsonPath));
        var root = doc.RootElement;
        Assert.Equal("mlops.card/v1", root.GetProperty("schema").GetString());
        Assert.Equal("credit-risk", root.GetProperty("name").GetString());
        Assert.Equal("high", root.GetProperty("risk").GetProperty("level").GetString());
        Assert.Equal(_built.Digest, root.GetProperty("identity").GetProperty("digest").GetString());
        Assert.Equal("X", root.GetProperty("model").GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("lineage").GetProperty("data")[0].GetProperty("rows").GetInt64());
        Assert.Equal("passed", root.GetProperty("evidence")[0].GetProperty("verdict").GetString());
        var text = File.ReadAllText(_built.CardJsonPath);
        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void A_registered_renderer_replaces_the_fallback_for_its_kind()
    {
        var registry = new EvidenceSectionRegistry().Register(new FixedRenderer());
        var evidence = EvidenceFile.Parse(System.Text.Encoding.UTF8.GetBytes(SampleInputs.EvaluationEvidence(null)), "e.json");
        Assert.Equal("custom md", registry.Resolve("evaluation").Render(evidence).Markdown);
        Assert.IsType<GenericEvidenceSectionRenderer>(registry.Resolve("fairness"));
    }

    [Fact]
    public void The_default_registry_discovers_renderers_without_duplicates() =>
        Assert.Equal(EvidenceSectionRegistry.Default.Kinds.Distinct().Count(), EvidenceSectionRegistry.Default.Kinds.Count);

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private sealed class FixedRenderer : IEvidenceSectionRenderer
    {
        public string Kind => "evaluation";

        public EvidenceSection Render(EvidenceFile evidence) => new("custom md", "<p>custom</p>");
    }
}
