using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Serialization;

/// <summary>
/// Lenient reads of optional string fields, for code that shows what a document holds and treats a missing field,
/// or one of another kind, as absent rather than as an error.
/// </summary>
public static class JsonFields
{
    /// <summary>The string value of <paramref name="object"/>'s member <paramref name="name"/>, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement @object, string name) =>
        @object.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The string <paramref name="node"/> holds, or null when it is absent or not a string.</summary>
    public static string? String(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
