using System.Buffers.Text;
using System.Text.Json;

namespace MlOps.Runtime.Auditing;

/// <summary>The chain fields of one stored line, or why the line is not a record.</summary>
internal readonly record struct ParsedAuditLine(long Sequence, string Prev, string Hash, string ComputedHash, string? Error)
{
    public bool IsRecord => Error is null;

    /// <summary>The call the record describes, when it was asked for (<see cref="AuditLineParser.Parse"/>).</summary>
    public AuditedCall? Call { get; init; }
}

/// <summary>Parses the fields the chain needs (seq, prev, hash) from a stored line and recomputes its hash.</summary>
internal static class AuditLineParser
{
    /// <summary>Parses a line; with <paramref name="readCall"/> also the call it records (digest, day, caller, rows), in the same pass.</summary>
    public static ParsedAuditLine Parse(ReadOnlySpan<byte> line, bool readCall = false)
    {
        long? seq = null;
        string? prev = null;
        string? hashField = null;
        string? lastProperty = null;
        DateOnly? day = null;
        string? digest = null;
        string? caller = null;
        int? rows = null;
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
                    case "ts" when readCall && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped:
                        // The writer's format is ISO-8601 with 'Z' ("O"); parsed from the bytes, no string per record.
                        if (Utf8Parser.TryParse(reader.ValueSpan, out DateTimeOffset ts, out var used, 'O') && used == reader.ValueSpan.Length)
                        {
                            day = DateOnly.FromDateTime(ts.UtcDateTime);
                        }
                        break;
                    case "digest" when readCall && reader.TokenType == JsonTokenType.String:
                        digest = reader.GetString();
                        break;
                    case "caller" when readCall && reader.TokenType == JsonTokenType.String:
                        caller = reader.GetString();
                        break;
                    case "rows" when readCall && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var r) && r >= 0:
                        rows = r;
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
        if (readCall && (day is null || string.IsNullOrEmpty(digest) || rows is null))
        {
            return Bad("the record lacks a UTC \"ts\", a \"digest\" or a \"rows\" count");
        }
        return new ParsedAuditLine(seq.Value, prev, hashField, computed, null)
        {
            Call = readCall ? new AuditedCall(digest!, day!.Value, caller, rows!.Value) : null,
        };
    }

    private static ParsedAuditLine Bad(string why) => new(0, "", "", "", why);
}
