using MlOps.Governance.Versioning;

namespace MlOps.Governance.Tests.Versioning;

public sealed class SemanticVersionTests
{
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
