using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Catalog.Location;
using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Support;
using MlOps.Cli.Tests.ArtefactCommands;
using MlOps.Hashing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Domain;

public sealed class RegistrationTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Registers_what_the_artefact_says_and_is_idempotent_by_digest_adding_only_new_attestations()
    {
        var built = SampleArtefact.Build(folder.File("a"));
        using var key = SigningKey.Create();
        AttestationBundle.Append(AttestationBundle.PathFor(built.PackagePath), Statement(built.PackagePath, PredicateTypes.Approval, new JsonObject { ["role"] = "risk-manager" }, key));
        using var store = CatalogLocation.Open(folder.File("catalog.db"));
        var sha = Sha256Hex.OfFile(built.PackagePath);

        var first = Registration.Register(store, built.PackagePath, sha, "alice", Samples.Noon);
        Assert.True(first.Created);
        Assert.Equal(1, first.AttestationsAdded);
        var v = first.Version;
        Assert.Equal(("churn", "0.3.1", built.Digest, sha), (v.Model, v.Version, v.Digest, v.FileSha256));
        Assert.Equal(Path.GetFullPath(built.PackagePath), v.Location);
        Assert.Equal("Predicts churn.", v.Title);
        Assert.Equal(("low", "minimal", Stage.Candidate, "alice"), (v.RiskLevel, v.EuAiActCategory, v.Stage, v.RegisteredBy));
        Assert.Equal("churn", JsonDocument.Parse(v.CardJson).RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(v.EvidenceJson).RootElement.GetProperty("evidence").ValueKind);

        var again = Registration.Register(store, built.PackagePath, sha, "bob", Samples.Noon.AddDays(1));
        Assert.False(again.Created);
        Assert.Equal(0, again.AttestationsAdded);
        Assert.Equal("alice", store.FindByDigest(built.Digest)!.RegisteredBy);

        AttestationBundle.Append(AttestationBundle.PathFor(built.PackagePath), Statement(built.PackagePath, PredicateTypes.Release, new JsonObject { ["decision"] = "released" }, key));
        var grown = Registration.Register(store, built.PackagePath, sha, "bob", Samples.Noon.AddDays(2));
        Assert.False(grown.Created);
        Assert.Equal(1, grown.AttestationsAdded);
        Assert.Equal([PredicateTypes.Approval, PredicateTypes.Release], store.Attestations(built.Digest).Select(a => a.PredicateType));
        Assert.Single(store.ListVersions("churn"));
    }

    [Fact]
    public void The_repository_url_comes_from_the_provenance_line_that_names_the_commit()
    {
        var built = SampleArtefact.Build(folder.File("b"));
        var provenance = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["resolvedDependencies"] = new JsonArray(
                    new JsonObject { ["uri"] = "git+https://git.example/other.git", ["digest"] = new JsonObject { ["gitCommit"] = "1111" } },
                    new JsonObject { ["uri"] = "git+https://git.example/models.git", ["digest"] = new JsonObject { ["gitCommit"] = "2222" } },
                    new JsonObject { ["name"] = "data.csv", ["digest"] = new JsonObject { ["sha256"] = "00" } }),
            },
        };
        AttestationBundle.Append(AttestationBundle.PathFor(built.PackagePath), Statement(built.PackagePath, PredicateTypes.Provenance, provenance, null));
        var stored = StoredAttestations.FromBundle(built.PackagePath);
        Assert.Equal("https://git.example/other.git", VersionFacts.RepositoryUrl(stored, "1111"));
        Assert.Equal("https://git.example/models.git", VersionFacts.RepositoryUrl(stored, null));
        Assert.Null(VersionFacts.RepositoryUrl([], "1111"));
    }

    [Fact]
    public void Stored_lines_keep_their_bytes_and_their_bundle_sha256()
    {
        var built = SampleArtefact.Build(folder.File("c"));
        using var key = SigningKey.Create();
        var bundle = AttestationBundle.PathFor(built.PackagePath);
        AttestationBundle.Append(bundle, Statement(built.PackagePath, PredicateTypes.Approval, new JsonObject(), key));
        File.AppendAllText(bundle, "not an envelope\n");
        var stored = StoredAttestations.FromBundle(built.PackagePath);
        Assert.Equal(AttestationBundle.Read(bundle).Select(l => l.Sha256), stored.Select(s => s.Sha256));
        Assert.Equal(key.Id, stored[0].KeyId);
        Assert.Equal("", stored[1].PredicateType);
        Assert.Equal(File.ReadAllLines(bundle), stored.Select(s => s.Line));
    }

    private static DsseEnvelope Statement(string artefact, string predicateType, JsonObject predicate, SigningKey? key) =>
        DsseEnvelope.Create(InTotoStatement.PayloadType, InTotoStatement.About(Subject.OfFile(artefact), predicateType, predicate).ToPayload(), key);

    public void Dispose() => folder.Dispose();
}
