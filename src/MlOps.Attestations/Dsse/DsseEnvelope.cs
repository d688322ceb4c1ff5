using System.Text;
using System.Text.Json;
using MlOps.Attestations.Keys;

namespace MlOps.Attestations.Dsse;

/// <summary>One signature of an envelope: the signer's key id and the base64-decoded DER ECDSA signature.</summary>
public sealed record DsseSignature(string KeyId, byte[] Signature);

/// <summary>
/// A DSSE v1 envelope (JSON form): a payload, its type, and signatures over <see cref="Pae"/> of both. An envelope
/// with no signature is allowed (provenance written without a configured key) and is reported as unsigned.
/// </summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>An envelope of <paramref name="payload"/>, signed by <paramref name="key"/> when one is given.</summary>
    public static DsseEnvelope Create(string payloadType, byte[] payload, SigningKey? key) =>
        new(payloadType, payload, key is null ? [] : [new DsseSignature(key.Id, key.Sign(Pae.Encode(payloadType, payload)))]);

    /// <summary>Whether some signature was made by <paramref name="key"/> over this envelope's PAE.</summary>
    public bool IsSignedBy(PublicKey key)
    {
        var pae = Pae.Encode(PayloadType, Payload);
        return Signatures.Any(s => s.KeyId == key.Id && key.Verifies(pae, s.Signature));
    }

    /// <summary>The envelope as one line of compact JSON (no line break), fields in the order of the DSSE spec.</summary>
    public byte[] ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("payloadType", PayloadType);
            writer.WriteString("payload", Convert.ToBase64String(Payload));
            writer.WriteStartArray("signatures");
            foreach (var s in Signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("keyid", s.KeyId);
                writer.WriteString("sig", Convert.ToBase64String(s.Signature));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads one envelope.</summary>
    /// <exception cref="FormatException">Not a DSSE JSON envelope; the message says what is wrong.</exception>
    public static DsseEnvelope Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a JSON object");
            }
            var type = Text(root, "payloadType");
            var payload = Base64(Text(root, "payload"), "payload");
            if (!root.TryGetProperty("signatures", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("no 'signatures' list");
            }
            var signatures = new List<DsseSignature>();
            foreach (var s in list.EnumerateArray())
            {
                if (s.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("a signature is not a JSON object");
                }
                var keyId = s.TryGetProperty("keyid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
                signatures.Add(new DsseSignature(keyId, Base64(Text(s, "sig"), "sig")));
            }
            return new DsseEnvelope(type, payload, signatures);
        }
    }

    /// <summary>The payload as text (in-toto payloads are UTF-8 JSON).</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload);

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"no string '{name}'");

    private static byte[] Base64(string text, string name)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{name}' is not base64");
        }
    }
}
