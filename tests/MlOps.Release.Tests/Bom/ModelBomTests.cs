using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Packaging;
using MlOps.Release.Bom;
using MlOps.Release.Tests.TestSupport;

namespace MlOps.Release.Tests.Bom;

/// <summary>
/// The ML-BOM of real artefacts: valid against the official CycloneDX 1.6 schema, deterministic, and carrying the
/// artefact's own hashes and the evidence's own numbers (each checked against an independent reading: .NET's
/// ZipArchive and SHA256, not the product's reader).
/// </summary>
public sealed class ModelBomTests : IDisposable
{
    private readonly TempFolder _folder = new("mlops-bom-");
    private readonly Lazy<PackageResult> _full;
    private readonly Lazy<PackageResult> _bare;

    public ModelBomTests()
    {
        _full = new(() => BomArtefacts.Full(Directory.CreateDirectory(Path.Combine(_folder.Path, "full")).FullName));
        _bare = new(() => BomArtefacts.Bare(Directory.CreateDirectory(Path.Combine(_folder.Path, "bare")).FullName));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_BOM_of_an_artefact_with_data_evaluation_and_fairness_evidence_is_valid_CycloneDX_1_6()
    {
        var bom = ModelBom.Create(_full.Value.PackagePath);

        Assert.True(bom.Verification.Intact);
        CycloneDxSchema.AssertValid(bom.Bytes!);
        var root = Json(bom.Bytes!);
        Assert.Equal("CycloneDX", (string?)root["bomFormat"]);
        Assert.Equal("1.6", (string?)root["specVersion"]);
        Assert.Equal(1, (int?)root["version"]);
        var model = root["metadata"]!["component"]!;
        Assert.Equal("machine-learning-model", (string?)model["type"]);
        Assert.Equal("income-screen", (string?)model["name"]);
        Assert.Equal("2.1.0", (string?)model["version"]);
        Assert.Equal("supervised", (string?)model["modelCard"]!["modelParameters"]!["approach"]!["type"]);
        Assert.Equal("classification", (string?)model["modelCard"]!["modelParameters"]!["task"]);
    }

    [Fact]
    public void The_BOM_of_a_bare_artefact_is_valid_and_leaves_out_what_the_artefact_does_not_carry()
    {
        var bom = ModelBom.Create(_bare.Value.PackagePath);

        CycloneDxSchema.AssertValid(bom.Bytes!);
        var root = Json(bom.Bytes!);
        Assert.Null(root["components"]); // no data sets
        var modelCard = root["metadata"]!["component"]!["modelCard"]!.AsObject();
        Assert.Null(modelCard["quantitativeAnalysis"]); // no evaluation, no fairness evidence
        // Only the intended use: no limitations, ethical considerations, sensitive features or fairness evidence.
        Assert.Equal(["useCases"], modelCard["considerations"]!.AsObject().Select(p => p.Key));
        Assert.Null(modelCard["modelParameters"]!["task"]); // nothing measured the task
        Assert.Null(modelCard["modelParameters"]!["datasets"]);
        Assert.Equal("MIT", (string?)root["metadata"]!["component"]!["licenses"]![0]!["license"]!["name"]);
        AssertNoEmptyValues(root, "$");
    }

    [Fact]
    public void Two_runs_on_the_same_artefact_give_the_same_bytes_wherever_it_lies()
    {
        var first = ModelBom.Create(_full.Value.PackagePath).Bytes!;
        var elsewhere = Path.Combine(Directory.CreateDirectory(Path.Combine(_folder.Path, "copy")).FullName, Path.GetFileName(_full.Value.PackagePath));
        File.Copy(_full.Value.PackagePath, elsewhere);
        File.SetLastWriteTimeUtc(elsewhere, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(first, ModelBom.Create(_full.Value.PackagePath).Bytes!);
        Assert.Equal(first, ModelBom.Create(elsewhere).Bytes!);
    }

    [Fact]
    public void The_serial_number_is_the_name_based_uuid_of_the_artefacts_sha256_and_the_timestamp_its_build_time()
    {
        var path = _full.Value.PackagePath;
        var sha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

        var root = Json(ModelBom.Create(path).Bytes!);

        Assert.Equal(BomSerialNumber.Of(sha256), (string?)root["serialNumber"]);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)root["metadata"]!["timestamp"]); // 1700000000, not the clock
    }

    [Fact]
    public void The_name_based_uuid_matches_Pythons_uuid5_in_the_URL_namespace()
    {
        // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://mlopsbuild.dev/bom/v1/sha256/' + 'ab'*32))"
        Assert.Equal("urn:uuid:389fca97-b503-5d8c-a36b-0a9a90a5e981", BomSerialNumber.Of(string.Concat(Enumerable.Repeat("ab", 32))));
        // RFC 9562 appendix A.4's example: uuid5(NAMESPACE_DNS, "www.example.com") is 2ed6657d-e927-568b-95e1-2665a8aea6a2;
        // the URL namespace of the same name, as Python computes it:
        Assert.Equal("b63cdfa4-3df9-568e-97ae-006c5b8fd652", BomSerialNumber.NameBasedUuid("www.example.com"));
    }

    [Fact]
    public void The_hashes_are_the_sha256_of_the_mlpkg_of_its_onnx_member_and_of_each_data_file()
    {
        var path = _full.Value.PackagePath;
        var root = Json(ModelBom.Create(path).Bytes!);
        var model = root["metadata"]!["component"]!;

        Assert.Equal([("SHA-256", Sha256(File.ReadAllBytes(path)))], Hashes(model));
        var onnx = model["components"]!.AsArray().Single(c => (string?)c!["name"] == "model/model.onnx")!;
        Assert.Equal("file", (string?)onnx["type"]);
        Assert.Equal([("SHA-256", Sha256(Member(path, "model/model.onnx")))], Hashes(onnx));

        var data = root["components"]!.AsArray().Select(c => c!).ToList();
        var training = data.Single(d => (string?)d["name"] == "adult-train.csv");
        Assert.Equal([("SHA-256", Sha256(File.ReadAllBytes(SharedFiles.AdultTraining)))], Hashes(training));
        // The evaluation file is named by the lineage and by both evidence files: one data set, every use listed.
        var evaluation = data.Single(d => (string?)d["name"] == "adult-rf.predictions.csv");
        Assert.Equal([("SHA-256", Sha256(File.ReadAllBytes(SharedFiles.AdultPredictions)))], Hashes(evaluation));
        Assert.Equal($"evaluation data, evaluation evidence, fairness evidence; {File.ReadLines(SharedFiles.AdultPredictions).Count() - 1} rows; " + new FileInfo(SharedFiles.AdultPredictions).Length + " bytes",
            (string?)evaluation["data"]![0]!["description"]);
        Assert.Equal(2, data.Count);

        var refs = model["modelCard"]!["modelParameters"]!["datasets"]!.AsArray().Select(d => (string?)d!["ref"]).ToList();
        Assert.Equal(data.Select(d => (string?)d["bom-ref"]).ToList(), refs);
    }

    [Fact]
    public void The_performance_metrics_are_the_evaluation_evidences_metrics_and_the_fairness_evidences_figures()
    {
        var path = _full.Value.PackagePath;
        var metrics = Json(ModelBom.Create(path).Bytes!)["metadata"]!["component"]!["modelCard"]!["quantitativeAnalysis"]!["performanceMetrics"]!
            .AsArray().Select(m => m!).ToList();
        using var evaluation = JsonDocument.Parse(Member(path, "evidence/evaluation.json"));
        using var fairness = JsonDocument.Parse(Member(path, "evidence/fairness.json"));

        var overall = metrics.Where(m => m["slice"] is null).ToDictionary(m => (string)m["type"]!, m => double.Parse((string)m["value"]!, System.Globalization.CultureInfo.InvariantCulture));
        var expected = evaluation.RootElement.GetProperty("metrics").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), overall.OrderBy(p => p.Key));

        var checkedFigures = 0;
        foreach (var feature in fairness.RootElement.GetProperty("byFeature").EnumerateObject())
        {
            var dpd = feature.Value.GetProperty("demographicParityDifference");
            var reported = metrics.Single(m => (string?)m["type"] == "demographicParityDifference" && (string?)m["slice"] == feature.Name);
            Assert.Equal(dpd.GetDouble(), double.Parse((string)reported["value"]!, System.Globalization.CultureInfo.InvariantCulture));
            var interval = feature.Value.GetProperty("confidenceIntervals").GetProperty("demographicParityDifference");
            Assert.Equal(interval.GetProperty("lower").GetRawText(), (string?)reported["confidenceInterval"]!["lowerBound"]);
            Assert.Equal(interval.GetProperty("upper").GetRawText(), (string?)reported["confidenceInterval"]!["upperBound"]);
            foreach (var group in feature.Value.GetProperty("groups").EnumerateObject())
            {
                var rate = metrics.Single(m => (string?)m["type"] == "selectionRate" && (string?)m["slice"] == $"{feature.Name}={group.Name}");
                Assert.Equal(group.Value.GetProperty("selectionRate").GetDouble(), double.Parse((string)rate["value"]!, System.Globalization.CultureInfo.InvariantCulture));
                checkedFigures++;
            }
        }
        Assert.True(checkedFigures >= 4, $"only {checkedFigures} group figures were compared");
        Assert.Contains(metrics, m => (string?)m["slice"] == "sex&race=Female&Black");
    }

    [Fact]
    public void The_considerations_come_from_the_card_and_the_fairness_evidence()
    {
        var root = Json(ModelBom.Create(_full.Value.PackagePath).Bytes!);
        var considerations = root["metadata"]!["component"]!["modelCard"]!["considerations"]!;

        Assert.Equal(["Decision support for caseworkers prioritising benefit applications."], Strings(considerations["useCases"]));
        Assert.Equal(["Trained on the 1994 US census; incomes are not adjusted for inflation.", "Not calibrated for applicants under 21."],
            Strings(considerations["technicalLimitations"]));
        Assert.Equal("Sex and race are sensitive; fairness evidence is reviewed per release.", (string?)considerations["ethicalConsiderations"]![0]!["name"]);
        Assert.Null(considerations["users"]); // the card has no field for them
        var female = considerations["fairnessAssessments"]!.AsArray().Single(a => (string?)a!["groupAtRisk"] == "sex=Female")!;
        Assert.StartsWith("Selection rate ", (string?)female["harms"]);
        Assert.Contains("for the privileged group 'Male'", (string?)female["harms"]);
        Assert.DoesNotContain(considerations["fairnessAssessments"]!.AsArray(), a => (string?)a!["groupAtRisk"] == "sex=Male");
        Assert.Null(female["benefits"]);
        Assert.Null(female["mitigationStrategy"]);
    }

    [Fact]
    public void The_tools_are_those_the_manifest_records_with_their_versions()
    {
        var root = Json(ModelBom.Create(_full.Value.PackagePath).Bytes!);
        var tools = root["metadata"]!["tools"]!["components"]!.AsArray()
            .ToDictionary(t => (string)t!["name"]!, t => (string?)t!["version"]);

        Assert.Equal("1.4.0-test", tools["MlOps.Build"]);
        Assert.Equal("10.0.100", tools["dotnet-sdk"]);
        Assert.True(tools.ContainsKey("MlOps.Governance"));
        Assert.Equal(3, tools.Count);
    }

    [Fact]
    public void A_tampered_artefact_gets_no_BOM_and_Write_refuses_it_leaving_no_file()
    {
        var path = _bare.Value.PackagePath;
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        var output = Path.Combine(_folder.Path, "tampered.cdx.json");

        var result = ModelBom.Create(path);
        var error = Assert.Throws<MlOpsException>(() => ModelBom.Write(path, output));

        Assert.False(result.Verification.Intact);
        Assert.Null(result.Bytes);
        Assert.Equal(DiagnosticCatalog.MemberTampered, error.Diagnostic);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Write_puts_the_same_bytes_as_Create_into_the_file()
    {
        var output = ModelBom.PathBeside(_full.Value.PackagePath);

        var result = ModelBom.Write(_full.Value.PackagePath, output);

        Assert.Equal(Path.Combine(Path.GetDirectoryName(_full.Value.PackagePath)!, "income-screen-2.1.0.cdx.json"), output);
        Assert.Equal(result.Bytes, File.ReadAllBytes(output));
    }

    private static JsonNode Json(byte[] bytes) => JsonNode.Parse(bytes)!;

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static List<(string, string)> Hashes(JsonNode component) =>
        component["hashes"]!.AsArray().Select(h => ((string)h!["alg"]!, (string)h!["content"]!)).ToList();

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(s => (string)s!).ToList();

    /// <summary>A member's bytes read with .NET's own ZIP reader (independent of the product's).</summary>
    private static byte[] Member(string artefact, string member)
    {
        using var zip = ZipFile.OpenRead(artefact);
        using var stream = zip.GetEntry(member)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void AssertNoEmptyValues(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonObject o:
                Assert.True(o.Count > 0, $"{where} is an empty object");
                foreach (var (k, v) in o)
                {
                    AssertNoEmptyValues(v, $"{where}.{k}");
                }
                break;
            case JsonArray a:
                Assert.True(a.Count > 0, $"{where} is an empty array");
                for (var i = 0; i < a.Count; i++)
                {
                    AssertNoEmptyValues(a[i], $"{where}[{i}]");
                }
                break;
            case null:
                Assert.Fail($"{where} is null");
                break;
            default:
                Assert.False(node.GetValueKind() == JsonValueKind.String && ((string?)node)?.Length == 0, $"{where} is an empty string");
                break;
        }
    }
}
