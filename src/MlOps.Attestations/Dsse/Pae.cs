using System.Globalization;
using System.Text;

namespace MlOps.Attestations.Dsse;

/// <summary>
/// DSSE v1's pre-authentication encoding, the bytes that are signed:
/// <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths as ASCII decimal byte counts
/// (https://github.com/secure-systems-lab/dsse/blob/master/protocol.md). Signing the type with the body means a
/// payload cannot be re-labelled as another kind of document.
/// </summary>
public static class Pae
{
    /// <summary>The PAE bytes of <paramref name="payloadType"/> and <paramref name="payload"/>.</summary>
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        var result = new byte[head.Length + type.Length + middle.Length + payload.Length];
        head.CopyTo(result, 0);
        type.CopyTo(result, head.Length);
        middle.CopyTo(result, head.Length + type.Length);
        payload.CopyTo(result.AsSpan(head.Length + type.Length + middle.Length));
        return result;
    }
}
