using MlOps.Diagnostics;
using MlOps.Governance.Cards;
using MlOps.Governance.Policy;

namespace MlOps.Governance.Tests.Yaml;

/// <summary>
/// Deeply nested YAML (found by the fuzzer: repeated '[' in a policy) overflowed YamlDotNet's recursive node builder,
/// and a stack overflow ends the process without a message. It is refused with its position instead.
/// </summary>
public sealed class YamlTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-yaml-nesting-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> DeepValues() =>
    [
        new string('[', 100_000),
        string.Concat(Enumerable.Repeat("[", 50_000)) + string.Concat(Enumerable.Repeat("]", 50_000)),
        string.Concat(Enumerable.Repeat("{a: ", 50_000)),
        "\n" + string.Concat(Enumerable.Range(0, 3_000).Select(i => new string(' ', i) + "- \n")),
    ];

    [Theory]
    [MemberData(nameof(DeepValues))]
    public void A_policy_nested_beyond_the_limit_is_an_input_error_at_its_line(string deep)
    {
        var path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, "levels:\n  high:\n    evidence: " + deep + "\n");

        var e = Assert.Throws<MlOpsException>(() => PolicyFile.Read(path));

        Assert.Equal(path, e.File);
        Assert.True(e.Line >= 3, $"line {e.Line}: {e.Message}");
    }

    [Theory]
    [MemberData(nameof(DeepValues))]
    public void A_card_nested_beyond_the_limit_is_MLOPS105(string deep)
    {
        var e = Assert.Throws<MlOpsException>(() => CardSourceParser.Parse("---\nname: toy\nowners: " + deep + "\n---\nProse.\n", "card.md"));

        Assert.Equal(DiagnosticCatalog.InvalidFrontMatter, e.Diagnostic);
        Assert.True(e.Line >= 3, $"line {e.Line}: {e.Message}");
    }

    [Theory]
    [InlineData("levels:\n  medium:\n    evidence: [evaluation]\n    metrics:\n      : rocAuc: { min: 0.5 }\n      logLoss: { max: 0.9 }\n    noDatasetDrift: true\n")]
    [InlineData("levels:\n  mediumum:\n    evidence: [evaluation]\n    metrics:\n    :\n    evidence: [evaluation]\n    metrics:\n      rocAuc: { min: 0.5 }\n      logLoss: { max: 0.9 }\n    noDatasetDrift: true\n")]
    public void An_event_stream_out_of_shape_is_a_YAML_error_at_its_line_not_a_crash(string text)
    {
        // Found by a long fuzzing run: YamlDotNet's parser emits events out of shape for a key that starts with ': '
        // before it reports the error, and its node builder threw ArgumentException with no position.
        var path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, text);

        var e = Assert.Throws<MlOpsException>(() => PolicyFile.Read(path));

        Assert.Equal(path, e.File);
        Assert.True(e.Line > 1, $"line {e.Line}: {e.Message}");
        Assert.DoesNotContain("could not be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_nesting_still_loads()
    {
        var path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, "levels:\n  high:\n    metrics:\n      rocAuc: { min: 0.7 }\n");

        Assert.NotNull(PolicyFile.Read(path));
    }
}
