using System.Text.Json;

namespace MlOps.Runtime.Auditing;

/// <summary>The chain fields of one stored line, or why the line is not a record.</summary>
internal readonly record struct ParsedAuditLine(long Sequence, string Prev, string Hash, string ComputedHash, string? Error)
{
    public bool IsRecord => Error is null;
}

/// <summary>Parses the fields the chain needs (seq, prev, hash) from a stored line and recomputes its hash.</summary>
internal static class AuditLineParser
{
    public static ParsedAuditLine Parse(ReadOnlySpan<byte> line)
    {
        long? seq = null;
        string? prev = null;
        string? hashField = null;
        string? lastProperty = null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Bad("the line is not a JSON object");
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    break;
                }
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }
                lastProperty = reader.GetString();
                reader.Read();
                switch (lastProperty)
                {
                    case "seq" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s):
                        seq = s;
                        break;
                    case "prev" when reader.TokenType == JsonTokenType.String:
                        prev = reader.GetString();
                        break;
                    case "hash" when reader.TokenType == JsonTokenType.String:
                        hashField = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.Read())
            {
                return Bad("there is text after the JSON object");
            }
        }
        catch (JsonException e)
        {
            return Bad($"the line is not valid JSON ({e.Message.Split(" LineNumber", 2)[0].TrimEnd('.', ' ')})");
        }
        catch (InvalidOperationException)
        {
            return Bad("the line is not valid UTF-8 JSON");
        }
        if (seq is null || prev is null || hashField is null)
        {
            return Bad("the record lacks " + string.Join(", ",
                new[] { seq is null ? "\"seq\"" : null, prev is null ? "\"prev\"" : null, hashField is null ? "\"hash\"" : null }
                    .Where(x => x is not null)));
        }
        if (lastProperty != "hash")
        {
            return Bad("\"hash\" is not the record's last member");
        }
        var computed = AuditChain.HashOfLine(line, out var stored);
        if (computed is null || stored != hashField)
        {
            return Bad("the \"hash\" member is not 64 lowercase hex digits at the end of the line");
        }
        return new ParsedAuditLine(seq.Value, prev, hashField, computed, null);
    }

    private static ParsedAuditLine Bad(string why) => new(0, "", "", "", why);
}
