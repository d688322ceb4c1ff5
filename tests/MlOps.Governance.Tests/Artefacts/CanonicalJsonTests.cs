using System.Text;
using System.Text.Json.Nodes;
using MlOps.Governance.Json;
using MlOps.Governance.Versioning;

namespace MlOps.Governance.Tests.ArtefactTests;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_ordinally_at_every_level_without_whitespace()
    {
        var node = new JsonObject { ["b"] = 1, ["a"] = new JsonObject { ["z"] = true, ["Z"] = null }, ["A"] = new JsonArray(3, "x") };
        Assert.Equal("{\"A\":[3,\"x\"],\"a\":{\"Z\":null,\"z\":true},\"b\":1}", Encoding.UTF8.GetString(CanonicalJson.Canonical(node)));
    }

    [Fact]
    public void Doubles_are_shortest_round_trip_and_non_ascii_stays_readable()
    {
        var node = new JsonObject { ["d"] = 0.1 + 0.2, ["i"] = 2.0, ["s"] = "Größe ü" };
        Assert.Equal("{\"d\":0.30000000000000004,\"i\":2,\"s\":\"Größe ü\"}", Encoding.UTF8.GetString(CanonicalJson.Canonical(node)));
    }

    [Fact]
    public void Non_finite_doubles_are_refused() =>
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Canonical(new JsonObject { ["x"] = double.NaN }));

    [Fact]
    public void Indented_output_uses_two_spaces_and_lf()
    {
        var text = CanonicalJson.IndentedString(new JsonObject { ["b"] = 1, ["a"] = 2 });
        Assert.Equal("{\n  \"b\": 1,\n  \"a\": 2\n}\n", text);
    }

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("0.0.1-alpha.1+build.7", true)]
    [InlineData("10.20.30-rc.1", true)]
    [InlineData("1.0", false)]
    [InlineData("1.0.0.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("1.0.0-", false)]
    [InlineData("1.0.0-01", false)]
    [InlineData("v1.0.0", false)]
    [InlineData("", false)]
    public void Semantic_versions_follow_semver_2(string text, bool valid)
    {
        Assert.Equal(valid, SemanticVersion.TryParse(text, out _));
        if (!valid)
        {
            Assert.Equal("MLOPS108", Assert.Throws<MlOpsException>(() => SemanticVersion.Parse(text, "x.csproj")).Code);
        }
    }
}
