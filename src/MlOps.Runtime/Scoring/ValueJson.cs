using System.Text.Json;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;

namespace MlOps.Runtime.Scoring;

/// <summary>
/// Model inputs and outputs as canonical audit JSON: an object keyed by value name (ordinal order);
/// a tensor is <c>{"type":"float","shape":[1,3],"data":[...]}</c>, a ZipMap sequence
/// <c>{"type":"seq(map)","count":n,"keys":[...],"values":[...]}</c> (values row-major). The input digest
/// in each audit record is sha256 of these bytes, so it can be recomputed from a retained input.
/// </summary>
internal static class ValueJson
{
    public static AuditJson Of(IReadOnlyDictionary<string, OnnxValue> values) => AuditJson.Write(w =>
    {
        w.WriteStartObject();
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(name);
            Write(w, value);
        }
        w.WriteEndObject();
    });

    private static void Write(Utf8JsonWriter w, OnnxValue value)
    {
        switch (value)
        {
            case Tensor tensor:
                w.WriteStartObject();
                w.WriteString("type", tensor.ElementType.ToString().ToLowerInvariant());
                w.WriteStartArray("shape");
                foreach (var d in tensor.Dimensions)
                {
                    w.WriteNumberValue(d);
                }
                w.WriteEndArray();
                w.WritePropertyName("data");
                WriteElements(w, tensor.Buffer);
                w.WriteEndObject();
                break;
            case MapSequence maps:
                w.WriteStartObject();
                w.WriteString("type", "seq(map)");
                w.WriteNumber("count", maps.Count);
                w.WriteStartArray("keys");
                for (var j = 0; j < maps.KeyCount; j++)
                {
                    if (maps.Int64Keys is { } ints)
                    {
                        w.WriteNumberValue(ints[j]);
                    }
                    else
                    {
                        w.WriteStringValue(maps.StringKeys![j]);
                    }
                }
                w.WriteEndArray();
                w.WritePropertyName("values");
                WriteElements(w, maps.Values);
                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue(value.Describe());
                break;
        }
    }

    private static void WriteElements(Utf8JsonWriter w, Array data)
    {
        w.WriteStartArray();
        switch (data)
        {
            case float[] floats:
                foreach (var v in floats) { AuditJson.WriteNumber(w, v); }
                break;
            case double[] doubles:
                foreach (var v in doubles) { AuditJson.WriteNumber(w, v); }
                break;
            case long[] longs:
                foreach (var v in longs) { w.WriteNumberValue(v); }
                break;
            case int[] ints:
                foreach (var v in ints) { w.WriteNumberValue(v); }
                break;
            case bool[] bools:
                foreach (var v in bools) { w.WriteBooleanValue(v); }
                break;
            case string[] strings:
                foreach (var v in strings) { w.WriteStringValue(v); }
                break;
            default:
                foreach (var v in data)
                {
                    w.WriteStringValue(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
                }
                break;
        }
        w.WriteEndArray();
    }
}
