using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Text.Json;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Telemetry;
using MlOps.Runtime.Tests.Support;
using MlOps.Hashing;

namespace MlOps.Runtime.Tests.Governed;

public class GovernedModelTests
{
    private static Tensor<float> Rows(params float[][] rows) =>
        Tensor.Create(rows.SelectMany(r => r).ToArray(), rows.Length, 3);

    [Fact]
    public void Open_verifies_the_artefact_and_exposes_manifest_and_card()
    {
        using var artefact = new SampleArtefact();
        var model = GovernedModel.Open(artefact.PackagePath);
        Assert.Equal("credit-risk", model.Name);
        Assert.Equal("1.2.0", model.Version);
        Assert.Equal(artefact.Digest, model.Digest);
        Assert.Equal(Sha256Hex.Of(ManifestBytes(artefact.PackagePath)), model.Digest);
        Assert.Contains("credit-risk", model.Card);
        Assert.Equal("X", Assert.Single(model.Inputs).Name);
    }

    [Fact]
    public void Predict_scores_and_appends_one_audit_record_per_call()
    {
        using var artefact = new SampleArtefact();
        var logPath = artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log, Caller = "loan-service" });
            var outputs = model.Predict(("X", Rows([1f, 2f, 3f], [0f, 0f, 0f])));
            var probability = Assert.IsType<Tensor<float>>(outputs["probability"]);
            Assert.Equal(SampleArtefact.Expected(1, 2, 3), probability.Data[0], 5);
            Assert.Equal(SampleArtefact.Expected(0, 0, 0), probability.Data[1], 5);
            model.Predict(("X", Rows([4f, 5f, 6f])));
        }

        var lines = AuditFixtures.Lines(logPath);
        Assert.Equal(2, lines.Length);
        var r = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("credit-risk", r.GetProperty("model").GetString());
        Assert.Equal("1.2.0", r.GetProperty("version").GetString());
        Assert.Equal(artefact.Digest, r.GetProperty("digest").GetString());
        Assert.Equal("loan-service", r.GetProperty("caller").GetString());
        Assert.Equal(2, r.GetProperty("rows").GetInt32());
        var canonicalInput = "{\"X\":{\"type\":\"float\",\"shape\":[2,3],\"data\":[1,2,3,0,0,0]}}";
        Assert.Equal(Sha256Hex.Of(System.Text.Encoding.UTF8.GetBytes(canonicalInput)), r.GetProperty("inputSha256").GetString());
        Assert.False(r.TryGetProperty("input", out _));
        var data = r.GetProperty("output").GetProperty("probability").GetProperty("data");
        Assert.Equal(SampleArtefact.Expected(1, 2, 3), data[0].GetSingle(), 5);
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(logPath).Status);
    }

    [Fact]
    public void Raw_input_is_recorded_only_when_the_options_say_so()
    {
        using var artefact = new SampleArtefact();
        var logPath = artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log, RecordRawInput = true })
                .Predict(("X", Rows([1f, 2f, 3f])));
        }
        Assert.Contains("\"input\":{\"X\":{\"type\":\"float\",\"shape\":[1,3],\"data\":[1,2,3]}}", File.ReadAllText(logPath));
    }

    [Fact]
    public void ScoreUnaudited_scores_the_same_and_writes_nothing()
    {
        using var artefact = new SampleArtefact();
        var logPath = artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log });
            var outputs = model.ScoreUnaudited(("X", Rows([1f, 2f, 3f])));
            Assert.Equal(SampleArtefact.Expected(1, 2, 3), ((Tensor<float>)outputs["probability"]).Data[0], 5);
        }
        Assert.Equal(0, new FileInfo(logPath).Length);
    }

    [Fact]
    public void Predict_without_an_audit_log_is_refused()
    {
        using var artefact = new SampleArtefact();
        var model = GovernedModel.Open(artefact.PackagePath);
        var e = Assert.Throws<InvalidOperationException>(() => model.Predict(("X", Rows([1f, 2f, 3f]))));
        Assert.Contains("AuditLog", e.Message);
    }

    [Fact]
    public void A_tampered_model_member_is_refused_naming_the_member()
    {
        using var artefact = new SampleArtefact();
        using (var zip = ZipFile.Open(artefact.PackagePath, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("model/model.onnx")!;
            byte[] bytes;
            using (var s = entry.Open())
            using (var m = new MemoryStream())
            {
                s.CopyTo(m);
                bytes = m.ToArray();
            }
            bytes[^1] ^= 0x01;
            entry.Delete();
            using var w = zip.CreateEntry("model/model.onnx").Open();
            w.Write(bytes);
        }

        var e = Assert.Throws<ArtefactVerificationException>(() => GovernedModel.Open(artefact.PackagePath));
        Assert.Contains("model/model.onnx", e.Message);
        Assert.Contains(e.Differences, d => d.Subject == "model/model.onnx");
    }

    [Fact]
    public void A_missing_artefact_is_an_input_error()
    {
        var e = Assert.Throws<ArtefactVerificationException>(() => GovernedModel.Open("/nonexistent/model.mlpkg"));
        Assert.Equal("MLOPS101", e.Code);
    }

    [Fact]
    public void Concurrent_predictions_keep_one_valid_chain()
    {
        using var artefact = new SampleArtefact();
        var logPath = artefact.Folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options(time: TimeProvider.System)))
        {
            var model = GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log });
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => model.Predict(("X", Rows([i, 1f, 2f]))));
        }
        var result = AuditLogVerifier.Verify(logPath);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(200, result.Records);
    }

    [Fact]
    public void Predict_emits_an_activity_and_metrics_tagged_with_the_model()
    {
        using var artefact = new SampleArtefact();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == RuntimeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        var predictions = 0L;
        var durations = new List<double>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (i, l) => { if (i.Meter.Name == RuntimeTelemetry.Name) { l.EnableMeasurementEvents(i); } },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            if (i.Name == "mlops.runtime.predictions" && HasTag(tags, RuntimeTelemetry.ModelVersionTag, "1.2.0")) { Interlocked.Add(ref predictions, v); }
        });
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) =>
        {
            if (i.Name == "mlops.runtime.prediction.duration" && HasTag(tags, RuntimeTelemetry.ModelNameTag, "credit-risk")) { lock (durations) { durations.Add(v); } }
        });
        meters.Start();

        using var log = AuditLog.Open(artefact.Folder.File("p.jsonl"), AuditFixtures.Options());
        var model = GovernedModel.Open(artefact.PackagePath, new GovernedModelOptions { AuditLog = log });
        model.Predict(("X", Rows([1f, 2f, 3f], [1f, 1f, 1f])));

        // Found by this prediction's own trace id, which its audit record carries as the correlation id: the sample
        // artefact is reproducible, so tests in other classes predicting at the same time share its digest.
        var correlation = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(artefact.Folder.File("p.jsonl")), "\"correlation\":\"([0-9a-f]{32})\"").Groups[1].Value;
        Activity mine;
        lock (activities)
        {
            mine = Assert.Single(activities, a => a.TraceId.ToHexString() == correlation);
        }
        Assert.Equal(artefact.Digest, mine.GetTagItem(RuntimeTelemetry.ModelDigestTag));
        Assert.Equal(RuntimeTelemetry.PredictActivityName, mine.OperationName);
        Assert.Equal("credit-risk", mine.GetTagItem(RuntimeTelemetry.ModelNameTag));
        Assert.Equal(2, mine.GetTagItem(RuntimeTelemetry.RowsTag));
        Assert.Equal(1L, mine.GetTagItem(RuntimeTelemetry.AuditSequenceTag));
        // The audit record's correlation id is the prediction's trace id.
        Assert.Contains($"\"correlation\":\"{mine.TraceId.ToHexString()}\"", File.ReadAllText(artefact.Folder.File("p.jsonl")));
        Assert.True(Interlocked.Read(ref predictions) >= 1);
        lock (durations)
        {
            Assert.NotEmpty(durations);
        }
    }

    private static bool HasTag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key, string value)
    {
        foreach (var t in tags)
        {
            if (t.Key == key && (string?)t.Value == value)
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] ManifestBytes(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var s = zip.GetEntry("manifest.json")!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
