using MlOps.Diagnostics;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Policy;
using MlOps.Governance.Tests.Drift;

namespace MlOps.Governance.Tests.Policy;

/// <summary>The thresholds and policy files share one loader: a missing file or a YAML syntax error is reported the same way.</summary>
public class YamlOptionFileTests
{
    // "a: b: c" is a syntax error at line 2, column 12 in both files.
    private const string BrokenYaml = "thresholds:\n  accuracy: b: c\n";

    [Fact]
    public void A_YAML_syntax_error_in_a_thresholds_or_policy_file_names_the_file_line_and_column()
    {
        using var dir = new TempFolder();
        var file = dir.Write("broken.yaml", BrokenYaml);

        var thresholds = Assert.Throws<MlOpsException>(() => ThresholdSpec.ReadFile(file));
        var policy = Assert.Throws<MlOpsException>(() => PolicyFile.Read(file));

        Assert.StartsWith("The thresholds file is not valid YAML: ", thresholds.Message);
        Assert.StartsWith("The policy file is not valid YAML: ", policy.Message);
        foreach (var e in new[] { thresholds, policy })
        {
            Assert.Equal(file, e.File);
            Assert.Equal(2, e.Line);
            Assert.NotNull(e.Column);
            Assert.Contains("YAML syntax", e.Fix);
        }
    }

    [Fact]
    public void A_missing_thresholds_or_policy_file_is_named_with_a_fix()
    {
        using var dir = new TempFolder();
        var missing = Path.Combine(dir.Path, "absent.yaml");

        var thresholds = Assert.Throws<MlOpsException>(() => ThresholdSpec.ReadFile(missing));
        var policy = Assert.Throws<MlOpsException>(() => PolicyFile.Read(missing));

        Assert.Equal($"The thresholds file '{missing}' does not exist.", thresholds.Message);
        Assert.Equal($"The policy file '{missing}' does not exist.", policy.Message);
        Assert.Equal("Check the path of the thresholds file.", thresholds.Fix);
        Assert.Contains("built-in policy", policy.Fix);
        Assert.Equal(UserInputs.MetricThresholds, Assert.Single(thresholds.Inputs).Input);
        Assert.Equal(UserInputs.Policy, Assert.Single(policy.Inputs).Input);
    }
}
