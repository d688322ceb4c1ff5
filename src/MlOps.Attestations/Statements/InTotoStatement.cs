using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Serialization;

namespace MlOps.Attestations.Statements;

/// <summary>What a statement is about: a file name and its SHA-256 (of the whole file, as any in-toto verifier computes it).</summary>
public sealed record Subject(string Name, string Sha256)
{
    /// <summary>The subject for the file at <paramref name="path"/>: its file name and the SHA-256 of its bytes.</summary>
    public static Subject OfFile(string path) => new(Path.GetFileName(path), MlOps.Hashing.Sha256Hex.OfFile(path));
}

/// <summary>
/// An in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md): the subjects,
/// the predicate's type and the predicate. Written as sorted, compact JSON (the manifest form), so that the same
/// statement is always the same payload bytes.
/// </summary>
public sealed record InTotoStatement(IReadOnlyList<Subject> Subjects, string PredicateType, JsonObject Predicate)
{
    /// <summary>The statement's <c>_type</c>.</summary>
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>The DSSE payload type of an in-toto statement.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>A statement about one subject.</summary>
    public static InTotoStatement About(Subject subject, string predicateType, JsonObject predicate) => new([subject], predicateType, predicate);

    /// <summary>Whether <paramref name="subject"/> (name and digest) is one of the subjects.</summary>
    public bool IsAbout(Subject subject) => Subjects.Any(s => s.Name == subject.Name && s.Sha256 == subject.Sha256);

    /// <summary>The payload bytes.</summary>
    public byte[] ToPayload()
    {
        var subjects = new JsonArray();
        foreach (var s in Subjects)
        {
            subjects.Add(new JsonObject { ["name"] = s.Name, ["digest"] = new JsonObject { ["sha256"] = s.Sha256 } });
        }
        var root = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = subjects,
            ["predicateType"] = PredicateType,
            ["predicate"] = Predicate.DeepClone(),
        };
        return CanonicalJson.Canonical(root);
    }

    /// <summary>Reads a statement payload.</summary>
    /// <exception cref="FormatException">Not an in-toto Statement v1; the message says what is wrong.</exception>
    public static InTotoStatement Parse(ReadOnlySpan<byte> payload)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(payload.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the payload is not JSON ({e.Message})");
        }
        if (node is not JsonObject root)
        {
            throw new FormatException("the payload is not a JSON object");
        }
        if (Text(root, "_type") != StatementType)
        {
            throw new FormatException($"the payload's _type is not {StatementType}");
        }
        if (root["subject"] is not JsonArray list || list.Count == 0)
        {
            throw new FormatException("the statement has no subject");
        }
        var subjects = new List<Subject>();
        foreach (var item in list)
        {
            if (item is not JsonObject s || s["digest"] is not JsonObject digest)
            {
                throw new FormatException("a subject has no digest");
            }
            subjects.Add(new Subject(Text(s, "name"), Text(digest, "sha256")));
        }
        if (root["predicate"] is not JsonObject predicate)
        {
            throw new FormatException("the statement has no predicate object");
        }
        return new InTotoStatement(subjects, Text(root, "predicateType"), (JsonObject)predicate.DeepClone());
    }

    /// <summary>Reads a statement payload, or null when it is not an in-toto Statement v1.</summary>
    public static InTotoStatement? TryParse(ReadOnlySpan<byte> payload)
    {
        try
        {
            return Parse(payload);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"no string '{name}'");
}
