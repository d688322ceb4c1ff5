using System.Text;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;

namespace MlOps.Attestations.Tests.Dsse;

public sealed class DsseEnvelopeTests
{
    [Fact]
    public void PAE_matches_the_DSSE_specification_example()
    {
        // protocol.md: PAE("http://example.com/HelloWorld", "hello world")
        var pae = Pae.Encode("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world"));
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void PAE_counts_bytes_not_characters()
    {
        var pae = Pae.Encode("t", Encoding.UTF8.GetBytes("é"));
        Assert.Equal("DSSEv1 1 t 2 é", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void A_signed_envelope_round_trips_through_its_JSON_line_and_verifies()
    {
        using var key = SigningKey.Create();
        var envelope = DsseEnvelope.Create("application/vnd.in-toto+json", Encoding.UTF8.GetBytes("{\"a\":1}"), key);
        var line = envelope.ToJsonLine();
        Assert.DoesNotContain((byte)'\n', line);
        var parsed = DsseEnvelope.Parse(line);
        Assert.Equal(envelope.PayloadType, parsed.PayloadType);
        Assert.Equal(envelope.Payload, parsed.Payload);
        Assert.Equal(key.Id, Assert.Single(parsed.Signatures).KeyId);
        Assert.True(parsed.IsSignedBy(key.PublicKey));
    }

    [Fact]
    public void A_changed_payload_or_payload_type_no_longer_verifies()
    {
        using var key = SigningKey.Create();
        var envelope = DsseEnvelope.Create("application/vnd.in-toto+json", Encoding.UTF8.GetBytes("{\"decision\":\"reject\"}"), key);
        Assert.False((envelope with { Payload = Encoding.UTF8.GetBytes("{\"decision\":\"approve\"}") }).IsSignedBy(key.PublicKey));
        Assert.False((envelope with { PayloadType = "text/plain" }).IsSignedBy(key.PublicKey));
        using var other = SigningKey.Create();
        Assert.False(envelope.IsSignedBy(other.PublicKey));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"payload\":\"e30=\",\"signatures\":[]}", "payloadType")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"%%%\",\"signatures\":[]}", "base64")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"e30=\"}", "signatures")]
    public void Malformed_envelopes_are_named(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DsseEnvelope.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message);
    }
}
