using System.Text.Json;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Governed;

/// <summary>GovernedModelOptions.Engine picks the engine, and every audit record says which one scored.</summary>
public sealed class GovernedModelEngineTests
{
    private static Tensor<float> Rows(params float[][] rows) =>
        Tensor.Create(rows.SelectMany(r => r).ToArray(), rows.Length, 3);

    [Theory]
    [InlineData(null, "managed")]
    [InlineData("onnxruntime", "onnxruntime")]
    [InlineData("ONNXRuntime", "onnxruntime")]
    public void The_audit_record_names_the_engine_that_scored_and_the_log_verifies(string? engine, string recorded)
    {
        using var artefact = new SampleArtefact();
        var logPath = artefact.Folder.File("predictions.jsonl");
        float scored;
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log, Engine = engine });
            Assert.Equal(recorded, model.Engine);
            scored = ((Tensor<float>)model.Predict(("X", Rows([1f, 2f, 3f])))["probability"]).Data[0];
        }
        Assert.Equal(SampleArtefact.Expected(1, 2, 3), scored, 5);
        var record = JsonDocument.Parse(Assert.Single(AuditFixtures.Lines(logPath))).RootElement;
        Assert.Equal(recorded, record.GetProperty("engine").GetString());
        // Right after the model identity (and before the caller), as docs/audit-log.md lists the members.
        var names = record.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.IndexOf("digest") + 1, names.IndexOf("engine"));
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(logPath).Status);
    }

    [Fact]
    public void A_log_whose_older_records_have_no_engine_still_verifies()
    {
        using var artefact = new SampleArtefact();
        var logPath = artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            // Written as before engines existed (the low-level call with no engine), then by a governed model.
            log.Append(new AuditEntry("credit-risk", "1.2.0", artefact.Digest, AuditJson.Null, AuditJson.Null));
            GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log, Engine = "onnxruntime" })
                .Predict(("X", Rows([1f, 2f, 3f])));
        }
        var lines = AuditFixtures.Lines(logPath);
        Assert.False(JsonDocument.Parse(lines[0]).RootElement.TryGetProperty("engine", out _));
        Assert.Equal("onnxruntime", JsonDocument.Parse(lines[1]).RootElement.GetProperty("engine").GetString());
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(logPath).Status);
    }
}
