using System.Text.Json;
using Json.Schema;

namespace MlOps.Release.Tests.TestSupport;

/// <summary>
/// The official CycloneDX 1.6 JSON schema with the two schemas it refers to (spdx.schema.json for licence ids,
/// jsf-0.82.schema.json for signatures) registered under their <c>$id</c>s, so every <c>$ref</c> resolves offline.
/// </summary>
internal static class CycloneDxSchema
{
    private static readonly Lazy<(JsonSchema Schema, BuildOptions Options)> Loaded = new(Load);

    /// <summary>The validation result of <paramref name="bom"/>: valid, or every error with its location.</summary>
    public static (bool Valid, string Errors) Validate(byte[] bom)
    {
        using var document = JsonDocument.Parse(bom);
        var result = Loaded.Value.Schema.Evaluate(document.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        var errors = string.Join("\n", (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
        return (result.IsValid, errors);
    }

    /// <summary>Asserts <paramref name="bom"/> is valid, showing every error when it is not.</summary>
    public static void AssertValid(byte[] bom)
    {
        var (valid, errors) = Validate(bom);
        Assert.True(valid, "The BOM does not validate against bom-1.6.schema.json:\n" + errors);
    }

    private static (JsonSchema, BuildOptions) Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var referenced in new[] { "spdx.schema.json", "jsf-0.82.schema.json" })
        {
            var schema = JsonSchema.FromFile(System.IO.Path.Combine(SharedFiles.CycloneDxSchemas, referenced), options);
            options.SchemaRegistry.Register(schema);
        }
        return (JsonSchema.FromFile(System.IO.Path.Combine(SharedFiles.CycloneDxSchemas, "bom-1.6.schema.json"), options), options);
    }
}
