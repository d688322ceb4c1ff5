using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// CRC-32 (IEEE 802.3, the ZIP checksum): carry-less multiplication folding where the CPU has PCLMULQDQ
/// (verification computes it over every member, so it must keep up with SHA-256), else slicing-by-8. ZIP
/// headers need it; System.IO.Hashing is not a dependency we take for one function.
/// </summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-32 of <paramref name="data"/>.</summary>
    public static uint Of(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC-32 over more data (start with 0).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        if (Pclmulqdq.IsSupported && Sse41.IsSupported && data.Length >= 64)
        {
            var folded = data.Length & ~15;
            c = Fold(c, data[..folded]);
            data = data[folded..];
        }
        return ~Tables(c, data);
    }

    /// <summary>
    /// The register after <paramref name="data"/> (a multiple of 16 bytes, at least 64): four 128-bit lanes folded
    /// with carry-less multiplication, then reduced to 32 bits (Barrett). The constants are the reflected IEEE
    /// polynomial's x^(n) mod P for the folding distances, as in Intel's "Fast CRC Computation for Generic
    /// Polynomials Using PCLMULQDQ" and zlib's crc32_simd.
    /// </summary>
    private static uint Fold(uint c, ReadOnlySpan<byte> data)
    {
        var k1k2 = Vector128.Create(0x0154442bd4UL, 0x01c6e41596UL);
        var k3k4 = Vector128.Create(0x01751997d0UL, 0x00ccaa009eUL);
        var k5k0 = Vector128.Create(0x0163cd6124UL, 0UL);
        var poly = Vector128.Create(0x01db710641UL, 0x01f7011641UL);
        var mask32 = Vector128.Create(uint.MaxValue, 0u, uint.MaxValue, 0u).AsUInt64();

        ref var start = ref MemoryMarshal.GetReference(data);
        var x1 = Vector128.LoadUnsafe(ref start).AsUInt64() ^ Vector128.CreateScalar(c).AsUInt64();
        var x2 = Vector128.LoadUnsafe(ref start, 16).AsUInt64();
        var x3 = Vector128.LoadUnsafe(ref start, 32).AsUInt64();
        var x4 = Vector128.LoadUnsafe(ref start, 48).AsUInt64();
        nuint offset = 64;
        var length = (nuint)data.Length;
        for (; offset + 64 <= length; offset += 64)
        {
            x1 = Pclmulqdq.CarrylessMultiply(x1, k1k2, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, k1k2, 0x11) ^ Vector128.LoadUnsafe(ref start, offset).AsUInt64();
            x2 = Pclmulqdq.CarrylessMultiply(x2, k1k2, 0x00) ^ Pclmulqdq.CarrylessMultiply(x2, k1k2, 0x11) ^ Vector128.LoadUnsafe(ref start, offset + 16).AsUInt64();
            x3 = Pclmulqdq.CarrylessMultiply(x3, k1k2, 0x00) ^ Pclmulqdq.CarrylessMultiply(x3, k1k2, 0x11) ^ Vector128.LoadUnsafe(ref start, offset + 32).AsUInt64();
            x4 = Pclmulqdq.CarrylessMultiply(x4, k1k2, 0x00) ^ Pclmulqdq.CarrylessMultiply(x4, k1k2, 0x11) ^ Vector128.LoadUnsafe(ref start, offset + 48).AsUInt64();
        }
        x1 = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x11) ^ x2;
        x1 = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x11) ^ x3;
        x1 = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x11) ^ x4;
        for (; offset + 16 <= length; offset += 16)
        {
            x1 = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x11) ^ Vector128.LoadUnsafe(ref start, offset).AsUInt64();
        }

        // 128 bits to 64.
        var t = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x10);
        x1 = Sse2.ShiftRightLogical128BitLane(x1, 8) ^ t;
        t = Sse2.ShiftRightLogical128BitLane(x1, 4);
        x1 = Pclmulqdq.CarrylessMultiply(x1 & mask32, k5k0, 0x00) ^ t;

        // Barrett reduction to 32 bits.
        t = Pclmulqdq.CarrylessMultiply(x1 & mask32, poly, 0x10);
        t = Pclmulqdq.CarrylessMultiply(t & mask32, poly, 0x00);
        return Sse41.Extract((x1 ^ t).AsUInt32(), 1);
    }

    /// <summary>Slicing-by-8 over the register <paramref name="c"/> (not inverted).</summary>
    private static uint Tables(uint c, ReadOnlySpan<byte> data)
    {
        var t = Table;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            var one = (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24) ^ c;
            var two = (uint)(data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24);
            c = t[(7 * 256) + (one & 0xFF)] ^ t[(6 * 256) + ((one >> 8) & 0xFF)] ^ t[(5 * 256) + ((one >> 16) & 0xFF)] ^ t[(4 * 256) + (one >> 24)]
              ^ t[(3 * 256) + (two & 0xFF)] ^ t[(2 * 256) + ((two >> 8) & 0xFF)] ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
        }
        for (; i < data.Length; i++)
        {
            c = t[(c ^ data[i]) & 0xFF] ^ (c >> 8);
        }
        return c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        for (var n = 0; n < 256; n++)
        {
            for (var s = 1; s < 8; s++)
            {
                var prev = table[((s - 1) * 256) + n];
                table[(s * 256) + n] = table[prev & 0xFF] ^ (prev >> 8);
            }
        }
        return table;
    }
}
