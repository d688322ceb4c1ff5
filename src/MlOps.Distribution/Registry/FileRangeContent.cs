using System.Net;

namespace MlOps.Distribution.Registry;

/// <summary>
/// An HTTP body read from a range of a file as it is sent: memory stays at one buffer whatever the blob's size
/// (StreamContent over a FileStream would do the same for a whole file; a range needs its own bound).
/// </summary>
internal sealed class FileRangeContent : HttpContent
{
    private const int BufferSize = 1 << 20;
    private readonly string _path;
    private readonly long _offset;
    private readonly long _length;

    public FileRangeContent(string path, long offset, long length)
    {
        _path = path;
        _offset = offset;
        _length = length;
        Headers.ContentType = new("application/octet-stream");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Position = _offset;
        var buffer = new byte[BufferSize];
        var left = _length;
        while (left > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left))).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"'{_path}' became shorter while it was being uploaded.");
            }
            await stream.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            left -= read;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
