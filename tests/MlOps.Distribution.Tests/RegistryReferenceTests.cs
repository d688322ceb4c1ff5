using MlOps.Distribution.Registry;
namespace MlOps.Distribution.Tests;

public sealed class RegistryReferenceTests
{
    [Theory]
    [InlineData("localhost:5000/models/credit-risk:1.0.0", "localhost:5000", "models/credit-risk", "1.0.0", true)]
    [InlineData("registry.example.org/team/churn:latest", "registry.example.org", "team/churn", "latest", false)]
    [InlineData("127.0.0.1:5000/churn:0.3.1", "127.0.0.1:5000", "churn", "0.3.1", true)]
    public void Parses_registry_repository_and_tag(string text, string registry, string repository, string tag, bool loopback)
    {
        var reference = RegistryReference.Parse(text, allowDigest: false);
        Assert.Equal((registry, repository, tag, loopback), (reference.Registry, reference.Repository, reference.Tag, reference.IsLoopback));
        Assert.Equal(text, reference.ToString());
    }

    [Fact]
    public void Parses_a_digest_for_a_pull_and_refuses_it_for_a_push()
    {
        var text = "localhost:5000/models/churn@sha256:" + new string('a', 64);
        Assert.Equal("sha256:" + new string('a', 64), RegistryReference.Parse(text, allowDigest: true).Digest);
        Assert.Equal(Diagnostics.DiagnosticCatalog.NotAnOciModelArtefact, Assert.Throws<MlOpsException>(() => RegistryReference.Parse(text, allowDigest: false)).Diagnostic);
    }

    [Theory]
    [InlineData("models/churn:1.0.0")] // no registry: never Docker Hub by accident
    [InlineData("localhost:5000/models/churn")] // no tag
    [InlineData("localhost:5000/Models/churn:1")] // upper case repository
    public void Refuses_malformed_references(string text) =>
        Assert.Equal(Diagnostics.DiagnosticCatalog.NotAnOciModelArtefact, Assert.Throws<MlOpsException>(() => RegistryReference.Parse(text, allowDigest: true)).Diagnostic);
}
