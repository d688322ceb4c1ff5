using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Serialization;

namespace MlOps.Core.Tests.Serialization;

/// <summary>The one JSON writer: each form's rules, as docs/decisions.md writes them down.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_ordinally_at_every_level_without_whitespace()
    {
        var node = new JsonObject { ["b"] = 1, ["a"] = new JsonObject { ["z"] = true, ["Z"] = null }, ["A"] = new JsonArray(3, "x") };
        Assert.Equal("{\"A\":[3,\"x\"],\"a\":{\"Z\":null,\"z\":true},\"b\":1}", Encoding.UTF8.GetString(CanonicalJson.Canonical(node)));
    }

    [Fact]
    public void Doubles_are_shortest_round_trip_and_non_ascii_stays_readable()
    {
        var node = new JsonObject { ["d"] = 0.1 + 0.2, ["i"] = 2.0, ["s"] = "Größe ü" };
        Assert.Equal("{\"d\":0.30000000000000004,\"i\":2,\"s\":\"Größe ü\"}", Encoding.UTF8.GetString(CanonicalJson.Canonical(node)));
    }

    [Fact]
    public void Non_finite_doubles_are_refused() =>
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Canonical(new JsonObject { ["x"] = double.NaN }));

    [Fact]
    public void Indented_output_uses_two_spaces_and_lf()
    {
        var text = CanonicalJson.IndentedString(new JsonObject { ["b"] = 1, ["a"] = 2 });
        Assert.Equal("{\n  \"b\": 1,\n  \"a\": 2\n}\n", text);
    }

    [Fact]
    public void Doubles_are_spelled_as_double_ToString_R_in_every_form()
    {
        // The integer-first forms spell a double as double.ToString("R") (as the manifest writer always did), the
        // shortest forms as Utf8JsonWriter does (as the evidence and audit writers did): the same digits.
        var random = new Random(7);
        for (var i = 0; i < 20000; i++)
        {
            var d = i switch
            {
                < 5000 => random.NextDouble(),
                < 10000 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                < 15000 => Math.Round(random.NextDouble() * 1e6, random.Next(0, 9)),
                _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)),
            };
            if (!double.IsFinite(d) || (d == Math.Floor(d) && Math.Abs(d) < 1e15))
            {
                continue;
            }
            var expected = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.Write(JsonValue.Create(d), JsonForm.Manifest)));
            Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.Write(JsonValue.Create(d), JsonForm.Audit)));
        }
    }

    [Theory]
    [InlineData(-0.0, "0", "-0")]
    [InlineData(2.0, "2", "2")]
    [InlineData(1e15, "1000000000000000", "1000000000000000")]
    [InlineData(1e21, "1E+21", "1E+21")]
    [InlineData(1e-7, "1E-07", "1E-07")]
    [InlineData(123456789012345.0, "123456789012345", "123456789012345")]
    public void Whole_doubles_are_integers_in_the_manifest_form_and_shortest_in_the_audit_form(double value, string manifest, string audit)
    {
        Assert.Equal(manifest, Encoding.UTF8.GetString(CanonicalJson.Write(JsonValue.Create(value), JsonForm.Manifest)));
        Assert.Equal(audit, Encoding.UTF8.GetString(CanonicalJson.Write(JsonValue.Create(value), JsonForm.Audit)));
    }

    [Fact]
    public void Non_finite_numbers_are_refused_null_or_strings_by_form()
    {
        var node = new JsonArray(double.NaN, double.PositiveInfinity, double.NegativeInfinity);
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Write(node, JsonForm.Manifest));
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Write(node, JsonForm.Document));
        Assert.Equal("[\n  null,\n  null,\n  null\n]\n", Encoding.UTF8.GetString(CanonicalJson.Write(node, JsonForm.Evidence)));
        Assert.Equal("[\"NaN\",\"Infinity\",\"-Infinity\"]", Encoding.UTF8.GetString(CanonicalJson.Write(node, JsonForm.Audit)));
    }

    [Fact]
    public void A_float_keeps_its_own_shortest_text_in_the_audit_form_and_widens_elsewhere()
    {
        Assert.Equal("0.1", Encoding.UTF8.GetString(CanonicalJson.Write(JsonValue.Create(0.1f), JsonForm.Audit)));
        Assert.Equal("0.10000000149011612", Encoding.UTF8.GetString(CanonicalJson.Write(JsonValue.Create(0.1f), JsonForm.Manifest)));
    }

    [Fact]
    public void Parsed_numbers_keep_their_digits_in_integer_first_forms_and_are_read_as_doubles_in_shortest_forms()
    {
        var node = JsonNode.Parse("""{"big":9007199254740993,"dec":1.50,"exp":1e3}""");
        Assert.Equal("""{"big":9007199254740993,"dec":1.5,"exp":1000}""", Encoding.UTF8.GetString(CanonicalJson.Write(node, JsonForm.Manifest)));
        // The audit form reads a parsed number as a double first (a digest of such an input is of the double).
        Assert.Equal("""{"big":9007199254740992,"dec":1.5,"exp":1000}""", Encoding.UTF8.GetString(CanonicalJson.Write(node, JsonForm.Audit)));
    }

    [Fact]
    public void A_streaming_writer_with_the_forms_options_writes_the_same_bytes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.WriterOptions(JsonForm.Audit)))
        {
            writer.WriteStartArray();
            CanonicalJson.WriteNumber(writer, 0.1f, JsonForm.Audit);
            CanonicalJson.WriteNumber(writer, double.NaN, JsonForm.Audit);
            writer.WriteEndArray();
        }
        Assert.Equal(CanonicalJson.Write(new JsonArray(0.1f, double.NaN), JsonForm.Audit), buffer.WrittenSpan.ToArray());
    }
}
