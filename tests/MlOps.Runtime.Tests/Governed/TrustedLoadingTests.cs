using System.Text.Json;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Tests.Releases;
using MlOps.Diagnostics;
using MlOps.Hashing;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Governed;

/// <summary>GovernedModelOptions.TrustFile: only a released artefact loads, and its audit records name the release.</summary>
public sealed class TrustedLoadingTests : IDisposable
{
    private readonly SampleArtefact _artefact = new();
    private readonly SigningKey _manager = SigningKey.Create();

    public void Dispose()
    {
        _manager.Dispose();
        _artefact.Dispose();
    }

    private string Trust(SigningKey? revoked = null) => ReleaseRecords.WriteTrust(_artefact.Folder.Path, _manager, revoked);

    [Fact]
    public void A_released_artefact_loads_and_every_audit_record_names_the_release_record()
    {
        var line = ReleaseRecords.Append(_artefact.PackagePath, _manager);
        var logPath = _artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(_artefact.PackagePath, new GovernedModelOptions { AuditLog = log, TrustFile = Trust() });

            Assert.Equal(Sha256Hex.Of(line), model.Release!.Sha256);
            Assert.Equal("Release Manager", model.Release.Signer.Name);
            model.Predict(("X", Tensor.Create([1f, 2f, 3f], 1, 3)));
        }

        var record = JsonDocument.Parse(Assert.Single(AuditFixtures.Lines(logPath))).RootElement;
        Assert.Equal(Sha256Hex.Of(line), record.GetProperty("release").GetString());
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(logPath).Status);
    }

    [Fact]
    public void Without_a_trust_file_the_audit_record_has_no_release_member()
    {
        var logPath = _artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(_artefact.PackagePath, new GovernedModelOptions { AuditLog = log });
            Assert.Null(model.Release);
            model.Predict(("X", Tensor.Create([1f, 2f, 3f], 1, 3)));
        }

        Assert.False(JsonDocument.Parse(Assert.Single(AuditFixtures.Lines(logPath))).RootElement.TryGetProperty("release", out _));
    }

    [Fact]
    public void An_artefact_without_a_release_record_does_not_load()
    {
        var error = Assert.Throws<ModelNotReleasedException>(() =>
            GovernedModel.Open(_artefact.PackagePath, new GovernedModelOptions { TrustFile = Trust() }));

        Assert.Equal(DiagnosticCatalog.ModelNotReleased, error.Diagnostic);
        Assert.Contains("no attestation bundle", Assert.Single(error.Reasons), StringComparison.Ordinal);
        Assert.Contains("not released", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_signed_by_an_untrusted_key_does_not_load()
    {
        using var stranger = SigningKey.Create();
        ReleaseRecords.Append(_artefact.PackagePath, stranger);

        var error = Assert.Throws<ModelNotReleasedException>(() =>
            GovernedModel.Open(_artefact.PackagePath, new GovernedModelOptions { TrustFile = Trust() }));

        Assert.Contains("does not name", Assert.Single(error.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_signed_by_a_revoked_key_does_not_load()
    {
        using var former = SigningKey.Create();
        ReleaseRecords.Append(_artefact.PackagePath, former);

        var error = Assert.Throws<ModelNotReleasedException>(() =>
            GovernedModel.Open(_artefact.PackagePath, new GovernedModelOptions { TrustFile = Trust(revoked: former) }));

        Assert.Contains("revoked", Assert.Single(error.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_made_for_another_artefact_does_not_load()
    {
        var other = _artefact.Folder.File("credit-risk-1.1.0.mlpkg");
        File.WriteAllText(other, "another artefact");
        ReleaseRecords.Append(_artefact.PackagePath, _manager, aboutPath: other);

        var error = Assert.Throws<ModelNotReleasedException>(() =>
            GovernedModel.Open(_artefact.PackagePath, new GovernedModelOptions { TrustFile = Trust() }));

        Assert.Contains("another artefact", Assert.Single(error.Reasons), StringComparison.Ordinal);
    }
}
