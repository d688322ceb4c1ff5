using Google.Protobuf;

namespace MlOps.Onnx;

/// <summary>
/// Walks the fields of one protobuf message with Google.Protobuf's <see cref="CodedInputStream"/>,
/// reporting length-delimited fields as ranges of the source array instead of copies, so nested
/// messages and large raw_data are read in place. Wire errors become MLOPS102/MLOPS103.
/// </summary>
internal sealed class ProtoFieldReader
{
    private readonly byte[] _buffer;
    private readonly int _end;
    private readonly OnnxParseContext _context;
    private readonly string _message;
    private readonly CodedInputStream _input;

    public ProtoFieldReader(OnnxParseContext context, int start, int length, string message)
    {
        _context = context;
        _buffer = context.Buffer;
        _end = start + length;
        _message = message;
        _input = new CodedInputStream(_buffer, start, length);
    }

    /// <summary>Reads the next field; false at the end of the message.</summary>
    public bool Next(out ProtoField field)
    {
        var tagStart = (int)_input.Position;
        try
        {
            var tag = _input.ReadTag();
            if (tag == 0)
            {
                field = default;
                return false;
            }

            var number = WireFormat.GetTagFieldNumber(tag);
            var wireType = WireFormat.GetTagWireType(tag);
            ulong scalar = 0;
            var contentStart = 0;
            switch (wireType)
            {
                case WireFormat.WireType.Varint:
                    scalar = _input.ReadUInt64();
                    break;
                case WireFormat.WireType.Fixed64:
                    scalar = _input.ReadFixed64();
                    break;
                case WireFormat.WireType.Fixed32:
                    scalar = _input.ReadFixed32();
                    break;
                case WireFormat.WireType.LengthDelimited:
                {
                    var lengthStart = (int)_input.Position;
                    CheckLength(lengthStart, number);
                    _input.SkipLastField();
                    contentStart = lengthStart;
                    while ((_buffer[contentStart] & 0x80) != 0)
                    {
                        contentStart++;
                    }

                    contentStart++;
                    break;
                }
                case WireFormat.WireType.StartGroup:
                    // Deprecated groups: never used by ONNX, tolerated (and preserved) as unknown fields.
                    _input.SkipLastField();
                    break;
                default:
                    throw _context.NotOnnx($"a stray end-group marker in {_message} at byte {_context.Offset(tagStart)}");
            }

            field = new ProtoField
            {
                Number = number,
                WireType = wireType,
                TagStart = tagStart,
                End = (int)_input.Position,
                Scalar = scalar,
                ContentStart = contentStart,
            };
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            // Running off the end of the whole file means the file was cut short; running off the end of an
            // inner message means a length inside the file is wrong, which is damage, not truncation.
            if (_end == _context.FileEnd && e.Message.Contains("ended unexpectedly", StringComparison.Ordinal))
            {
                throw _context.Truncated($"{_message}, at byte {_context.Offset(tagStart)}", e);
            }

            throw _context.NotOnnx($"malformed protobuf in {_message} at byte {_context.Offset(tagStart)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Decodes the length prefix before skipping, so that a length pointing past the end of the file is
    /// reported as truncation even when this message's own bounds were given by an outer length.
    /// </summary>
    private void CheckLength(int at, int number)
    {
        ulong length = 0;
        var shift = 0;
        var p = at;
        while (p < _end && shift < 64)
        {
            var b = _buffer[p++];
            length |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (length > (ulong)(_end - p))
                {
                    if (length <= (ulong)(_context.FileEnd - p) || _end != _context.FileEnd)
                    {
                        throw _context.NotOnnx(
                            $"field {number} of {_message} at byte {_context.Offset(at)} claims {length} bytes but its message has only {_end - p} left");
                    }

                    throw _context.Truncated($"field {number} of {_message} at byte {_context.Offset(at)} needs {length} bytes but the file ends after {_end - p}");
                }

                return;
            }

            shift += 7;
        }

        // An unterminated varint: let SkipLastField raise the matching protobuf error.
    }
}
