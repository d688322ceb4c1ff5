using System.Text;
using System.Text.Json.Nodes;
using MlOps.Release.Bom;
using MlOps.Release.Tests.TestSupport;

namespace MlOps.Release.Tests.Bom;

/// <summary>
/// The schema check the BOM tests rely on can fail: a BOM with a required field removed, a wrong value, or an
/// error that only a resolved <c>$ref</c> into spdx.schema.json or jsf-0.82.schema.json can see is refused, while
/// the same BOM with a correct licence id or signature is accepted (so the references are resolved, not failing).
/// </summary>
public sealed class SchemaValidationTests : IDisposable
{
    private readonly TempFolder _folder = new("mlops-bom-schema-");
    private readonly byte[] _valid;

    public SchemaValidationTests() => _valid = ModelBom.Create(BomArtefacts.Full(_folder.Path).PackagePath).Bytes!;

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> RequiredFields => new()
    {
        "bomFormat",
        "specVersion",
        "metadata.component.type",
        "metadata.component.name",
        "metadata.component.hashes[0].alg",
        "metadata.component.hashes[0].content",
        "metadata.tools.components[0].name",
        "components[0].type",
        "components[0].data[0].type",
    };

    [Fact]
    public void The_unchanged_BOM_is_valid() => CycloneDxSchema.AssertValid(_valid);

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_BOM_with_a_required_field_removed_fails(string field)
    {
        var (parent, name) = Locate(field);
        Assert.True(parent.Remove(name), $"{field} is not in the BOM");

        Assert.False(CycloneDxSchema.Validate(Bytes(parent.Root)).Valid, $"the BOM without {field} passed the schema");
    }

    [Theory]
    [InlineData("serialNumber", "urn:uuid:not-a-uuid")]
    [InlineData("metadata.component.type", "neural-network")]
    [InlineData("metadata.component.hashes[0].content", "abc")]
    [InlineData("metadata.timestamp", "yesterday")]
    [InlineData("metadata.component.modelCard.modelParameters.approach.type", "guessing")]
    public void A_BOM_with_a_wrong_value_fails(string field, string value)
    {
        var (parent, name) = Locate(field);
        parent[name] = value;

        Assert.False(CycloneDxSchema.Validate(Bytes(parent.Root)).Valid, $"the BOM with {field} = '{value}' passed the schema");
    }

    [Fact]
    public void A_performance_metric_value_that_is_a_number_not_a_string_fails()
    {
        var (parent, name) = Locate("metadata.component.modelCard.quantitativeAnalysis.performanceMetrics[0].value");
        parent[name] = 0.5;

        Assert.False(CycloneDxSchema.Validate(Bytes(parent.Root)).Valid);
    }

    [Theory]
    [InlineData("MIT", true)]
    [InlineData("Apache-2.0", true)]
    [InlineData("Not-A-Licence-Id", false)]
    public void A_licence_id_is_checked_through_the_reference_to_the_SPDX_schema(string id, bool valid)
    {
        var (component, _) = Locate("metadata.component.name");
        component["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = id } });

        var result = CycloneDxSchema.Validate(Bytes(component.Root));
        Assert.True(valid == result.Valid, $"licence id '{id}': {result.Errors}");
    }

    [Theory]
    [InlineData("ES256", true)]
    [InlineData("SHA-1000", false)]
    public void A_signature_is_checked_through_the_reference_to_the_JSF_schema(string algorithm, bool valid)
    {
        var root = JsonNode.Parse(_valid)!.AsObject();
        root["signature"] = new JsonObject { ["algorithm"] = algorithm, ["value"] = "AAAA" };

        var result = CycloneDxSchema.Validate(Bytes(root));
        Assert.True(valid == result.Valid, $"signature algorithm '{algorithm}': {result.Errors}");
    }

    [Fact]
    public void A_document_that_is_not_a_BOM_fails()
    {
        Assert.False(CycloneDxSchema.Validate(Encoding.UTF8.GetBytes("""{"bomFormat":"SPDX","specVersion":"1.6"}""")).Valid);
        Assert.False(CycloneDxSchema.Validate(Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX","specVersion":"1.6","surprise":true}""")).Valid);
    }

    /// <summary>The object that holds the last step of <paramref name="path"/> ("a.b[0].c"), in a fresh copy of the valid BOM.</summary>
    private (JsonObject Parent, string Name) Locate(string path)
    {
        JsonNode node = JsonNode.Parse(_valid)!;
        var steps = path.Split('.');
        foreach (var step in steps[..^1])
        {
            node = Step(node, step);
        }
        var last = steps[^1];
        if (last.EndsWith(']'))
        {
            throw new ArgumentException("The last step must name an object member.", nameof(path));
        }
        return (node.AsObject(), last);
    }

    private static JsonNode Step(JsonNode node, string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[step] ?? throw new ArgumentException($"no member '{step}'");
        }
        var index = int.Parse(step[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[step[..bracket]]![index]!;
    }

    private static byte[] Bytes(JsonNode root) => Encoding.UTF8.GetBytes(root.ToJsonString());
}
