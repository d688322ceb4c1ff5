using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

/// <summary>Every bad input is an MlOpsException with its code, the file and the fix, and nothing is written.</summary>
public sealed class MlPackageBadInputTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    private MlOpsException Fails(PackageRequest request, string code)
    {
        var e = Assert.Throws<MlOpsException>(() => MlPackageBuilder.Build(request));
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Fix), "every error says how to fix it");
        Assert.True(!Directory.Exists(request.OutputDirectory) || Directory.GetFiles(request.OutputDirectory).Length == 0,
            "no output (not even a partial one) is left behind");
        return e;
    }

    [Fact]
    public void A_missing_model_is_MLOPS101()
    {
        var e = Fails(_inputs.Request() with { ModelPath = Path.Combine(_inputs.Root, "missing.onnx") }, "MLOPS101");
        Assert.EndsWith("missing.onnx", e.File);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_MLOPS102()
    {
        File.WriteAllText(_inputs.ModelPath, "this is a CSV, not a model\n1,2,3\n");
        var e = Fails(_inputs.Request(), "MLOPS102");
        Assert.Equal(_inputs.ModelPath, e.File);
    }

    [Fact]
    public void A_truncated_model_is_MLOPS103()
    {
        File.WriteAllBytes(_inputs.ModelPath, _inputs.ModelBytes[..(_inputs.ModelBytes.Length - 7)]);
        Fails(_inputs.Request(), "MLOPS103");
    }

    [Fact]
    public void A_missing_card_is_MLOPS104()
    {
        var e = Fails(_inputs.Request() with { CardPath = Path.Combine(_inputs.Root, "nocard.md") }, "MLOPS104");
        Assert.EndsWith("nocard.md", e.File);
    }

    [Fact]
    public void Invalid_yaml_is_MLOPS105_with_line_and_column()
    {
        _inputs.WriteCard("---\nname: credit-risk\nowners: [a, b\nlicence: MIT\n---\nbody\n");
        var e = Fails(_inputs.Request(), "MLOPS105");
        Assert.Equal(_inputs.CardPath, e.File);
        Assert.NotNull(e.Line);
        Assert.InRange(e.Line!.Value, 3, 5);
        Assert.NotNull(e.Column);
    }

    [Fact]
    public void Missing_required_fields_are_MLOPS106_listing_every_one()
    {
        var card = SampleInputs.Card
            .Replace("humanOversight: A credit officer confirms every adverse decision.\n", "", StringComparison.Ordinal)
            .Replace("label: default\n", "", StringComparison.Ordinal)
            .Replace("licence: MIT\n", "", StringComparison.Ordinal);
        _inputs.WriteCard(card);
        var e = Fails(_inputs.Request(), "MLOPS106");
        Assert.Contains("humanOversight", e.Message);
        Assert.Contains("label", e.Message);
        Assert.Contains("licence", e.Message);
        Assert.Contains("high", e.Message);
    }

    [Fact]
    public void An_unknown_risk_word_is_MLOPS107_with_its_position()
    {
        _inputs.WriteCard(SampleInputs.Card.Replace("severity: major", "severity: huge", StringComparison.Ordinal));
        var e = Fails(_inputs.Request(), "MLOPS107");
        Assert.Contains("'very major'", e.Message);
        Assert.Equal(16, e.Line);
        Assert.Equal(13, e.Column);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01.2.3")]
    [InlineData("v1.2.3")]
    public void A_project_version_that_is_not_semver_is_MLOPS108(string version) =>
        Fails(_inputs.Request() with { Version = version }, "MLOPS108");

    [Fact]
    public void A_card_version_that_is_not_semver_is_MLOPS108_with_its_line()
    {
        _inputs.WriteCard(SampleInputs.Card.Replace("version: 1.2.0", "version: 1.2", StringComparison.Ordinal));
        var e = Fails(_inputs.Request(), "MLOPS108");
        Assert.Equal(_inputs.CardPath, e.File);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_card_version_that_is_not_semver_is_MLOPS108_even_when_the_project_version_wins()
    {
        _inputs.WriteCard(SampleInputs.Card.Replace("version: 1.2.0", "version: banana", StringComparison.Ordinal));
        var e = Fails(_inputs.Request() with { Version = "1.0.0" }, "MLOPS108");
        Assert.Equal(_inputs.CardPath, e.File);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_missing_data_file_is_MLOPS109()
    {
        var e = Fails(_inputs.Request() with { EvaluationData = [Path.Combine(_inputs.Root, "nope.csv")] }, "MLOPS109");
        Assert.EndsWith("nope.csv", e.File);
    }

    [Fact]
    public void Evidence_about_another_model_is_MLOPS110()
    {
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "evaluation.json"), SampleInputs.EvaluationEvidence(new string('a', 64)));
        var e = Fails(_inputs.Request(), "MLOPS110");
        Assert.EndsWith("evaluation.json", e.File);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"schema\":\"mlops.evidence.evaluation/v1\",\"kind\":\"evaluation\",\"verdict\":\"passed\"}")]
    [InlineData("{\"schema\":\"mlops.evidence.x/v1\",\"kind\":\"x\",\"modelSha256\":null,\"verdict\":\"passed\"}")]
    [InlineData("{\"schema\":\"mlops.evidence.evaluation/v1\",\"kind\":\"evaluation\",\"modelSha256\":null,\"verdict\":\"ok\"}")]
    public void Malformed_evidence_is_MLOPS111(string json)
    {
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "evaluation.json"), json);
        Fails(_inputs.Request(), "MLOPS111");
    }

    [Fact]
    public void Invalid_json_evidence_names_line_and_column()
    {
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "evaluation.json"), "{\n  \"kind\": \"evaluation\",\n  oops\n}");
        var e = Fails(_inputs.Request(), "MLOPS111");
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_name_that_cannot_name_a_file_is_MLOPS113()
    {
        var e = Fails(_inputs.Request() with { Name = "../credit risk" }, "MLOPS113");
        Assert.Contains("credit risk", e.Message);
    }

    [Fact]
    public void Two_evidence_files_of_one_kind_are_MLOPS117()
    {
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "evaluation-old.json"), SampleInputs.EvaluationEvidence(null));
        Fails(_inputs.Request(), "MLOPS117");
    }

    [Fact]
    public void A_failed_build_keeps_the_previous_artefact_intact()
    {
        var good = MlPackageBuilder.Build(_inputs.Request());
        var before = File.ReadAllBytes(good.PackagePath);
        File.WriteAllText(_inputs.TrainPath, "age,income\n1,2,3\n"); // ragged row: the CSV reader refuses it
        Assert.Throws<MlOpsException>(() => MlPackageBuilder.Build(_inputs.Request()));
        Assert.Equal(before, File.ReadAllBytes(good.PackagePath));
        Assert.Empty(Directory.GetFiles(_inputs.OutputDirectory, "*.tmp"));
    }
}
