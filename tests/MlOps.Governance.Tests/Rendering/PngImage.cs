using System.Buffers.Binary;
using System.IO.Compression;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>
/// Just enough of PNG to look at a screenshot: 8-bit RGB or RGBA, non-interlaced (what chromium writes).
/// Decodes the pixels so a test can tell a rendered page from a blank one.
/// </summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Three bytes per pixel, row by row.</summary>
    public byte[] Rgb { get; }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = (y * Width + x) * 3;
        return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
    }

    public static PngImage Decode(byte[] png)
    {
        ReadOnlySpan<byte> signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("Not a PNG file.");
        }
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var bitDepth = data[8];
                    colorType = data[9];
                    if (bitDepth != 8 || (colorType != 2 && colorType != 6) || data[12] != 0)
                    {
                        throw new InvalidDataException($"Unsupported PNG: bit depth {bitDepth}, colour type {colorType}, interlace {data[12]}.");
                    }
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            offset += 12 + length;
        }
        var channels = colorType == 6 ? 4 : 3;
        var stride = width * channels;
        using var inflater = new ZLibStream(new MemoryStream(idat.ToArray()), CompressionMode.Decompress);
        var raw = new byte[(stride + 1) * height];
        inflater.ReadExactly(raw);

        var previous = new byte[stride];
        var current = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
                });
            }
            for (var x = 0; x < width; x++)
            {
                rgb[(y * width + x) * 3] = current[x * channels];
                rgb[(y * width + x) * 3 + 1] = current[x * channels + 1];
                rgb[(y * width + x) * 3 + 2] = current[x * channels + 2];
            }
            (previous, current) = (current, previous);
        }
        return new PngImage(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
