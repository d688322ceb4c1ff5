using System.Buffers.Binary;
using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

/// <summary>
/// The streaming verifier (pull hashes the members while the download streams in) must give exactly the verdict of
/// <see cref="MlPackageVerifier.Verify"/> on the finished file, whatever the archive holds: the same differences, or the
/// same refusal. Every case feeds the bytes in several chunkings, so headers split across buffers are covered.
/// </summary>
public sealed class StreamingMemberVerifierTests : IDisposable
{
    private const string Model = "model/model.onnx";
    private static readonly int[] Chunkings = [1, 7, 30, 4096, int.MaxValue];
    private readonly SampleInputs _inputs = new();
    private static readonly IReadOnlyList<ArtefactDifference> NoDifferences = [];
    private readonly string _packagePath;
    private readonly byte[] _bytes;
    private readonly ZipLayout _layout;

    public StreamingMemberVerifierTests()
    {
        _packagePath = MlPackageBuilder.Build(_inputs.Request()).PackagePath;
        _bytes = File.ReadAllBytes(_packagePath);
        _layout = ZipLayout.Of(_bytes);
    }

    public void Dispose() => _inputs.Dispose();

    /// <summary>The verdict of one verification: its result, or the refusal it threw.</summary>
    private sealed record Verdict(VerificationResult? Result, string? Refusal)
    {
        public bool Intact => Result?.Intact == true;

        public static Verdict Of(Func<VerificationResult> verify)
        {
            try
            {
                return new Verdict(verify(), null);
            }
            catch (MlOpsException e)
            {
                return new Verdict(null, $"{e.Code}: {e.Message}");
            }
        }
    }

    /// <summary>Writes <paramref name="bytes"/> (no sidecar), verifies them fully and streamed, and asserts the verdicts are the same.</summary>
    private Verdict AssertSameVerdict(byte[] bytes, string what, int[]? chunkings = null)
    {
        var path = Path.Combine(_inputs.Root, "probe.mlpkg");
        File.WriteAllBytes(path, bytes);
        var full = Verdict.Of(() => MlPackageVerifier.Verify(path));
        foreach (var chunk in chunkings ?? Chunkings)
        {
            var streaming = new StreamingMemberVerifier();
            for (var at = 0; at < bytes.Length; at += chunk)
            {
                streaming.Append(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
            }
            Assert.Equal(bytes.Length, streaming.Position);
            var streamed = Verdict.Of(() => streaming.Verify(path));
            Assert.True(full.Refusal == streamed.Refusal, $"{what} (chunks of {chunk}): full '{full.Refusal}', streamed '{streamed.Refusal}'");
            if (full.Result is { } expected)
            {
                var actual = streamed.Result!;
                Assert.True(expected.Differences.SequenceEqual(actual.Differences),
                    $"{what} (chunks of {chunk}):\nfull:\n{string.Join("\n", expected.Differences)}\nstreamed:\n{string.Join("\n", actual.Differences)}");
                Assert.Equal(expected with { Differences = NoDifferences }, actual with { Differences = NoDifferences });
            }
        }
        return full;
    }

    private byte[] Mutated(Action<byte[]> mutate)
    {
        var copy = _bytes.ToArray();
        mutate(copy);
        return copy;
    }

    [Fact]
    public void An_intact_artefact_is_intact_and_no_member_is_read_again()
    {
        Assert.True(AssertSameVerdict(_bytes, "intact").Intact);

        var path = Path.Combine(_inputs.Root, "intact.mlpkg");
        File.WriteAllBytes(path, _bytes);
        var streaming = new StreamingMemberVerifier();
        streaming.Append(_bytes);
        using var archive = SafeZipArchive.Open(path);
        Assert.Equal(archive.Entries.Count, streaming.MembersStreamed);
        Assert.All(archive.Entries, e => Assert.NotNull(streaming.Find(e, archive.Length)));
    }

    [Fact]
    public void Hashes_of_another_file_than_the_streamed_one_are_not_used()
    {
        var path = Path.Combine(_inputs.Root, "other.mlpkg");
        File.WriteAllBytes(path, [.. _bytes, 0]);
        var streaming = new StreamingMemberVerifier();
        streaming.Append(_bytes);
        using var archive = SafeZipArchive.Open(path);
        Assert.All(archive.Entries, e => Assert.Null(streaming.Find(e, archive.Length)));
    }

    [Theory]
    [InlineData("card/model-card.html")]
    [InlineData("manifest.json")]
    [InlineData(Model)]
    public void A_tampered_member_gives_the_same_differences(string member)
    {
        var (offset, length) = ZipBytes.DataOf(_bytes, member);
        var verdict = AssertSameVerdict(Mutated(b => b[offset + (length / 2)] ^= 0x20), $"byte flipped in {member}");
        Assert.False(verdict.Intact);
    }

    [Fact]
    public void A_truncated_archive_gives_the_same_verdict_at_every_length()
    {
        // Every cut inside the framing and a few inside the model's data.
        var (dataOffset, dataLength) = ZipBytes.DataOf(_bytes, Model);
        var cuts = _layout.FramingOffsets().Concat([(int)dataOffset + 1, (int)(dataOffset + (dataLength / 2))]).Distinct();
        foreach (var cut in cuts)
        {
            Assert.False(AssertSameVerdict(_bytes[..cut], $"truncated to {cut} bytes").Intact);
        }
    }

    [Fact]
    public void Reordered_entries_give_the_same_differences()
    {
        var names = _layout.Entries.Select(e => e.Name).ToList();
        var reversed = Enumerable.Reverse(names).ToList();
        Assert.False(AssertSameVerdict(_layout.Reassemble(entryOrder: reversed), "entries reversed").Intact);
        Assert.False(AssertSameVerdict(_layout.Reassemble(centralOrder: reversed), "central directory reversed").Intact);
        Assert.False(AssertSameVerdict(_layout.Reassemble(entryOrder: reversed, centralOrder: reversed), "both reversed").Intact);
    }

    [Fact]
    public void Extra_bytes_anywhere_give_the_same_differences()
    {
        // A shadow local entry naming the model: a streaming ZIP reader would take it for the model.
        var shadow = DeterministicZipWriter.ToBytes([new ZipMember(Model, Encoding.UTF8.GetBytes("malicious model"))], ArtefactRepack.Epoch);
        var shadowEntry = shadow.AsSpan(0, 30 + Model.Length + "malicious model".Length).ToArray();
        Assert.False(AssertSameVerdict(_layout.Reassemble(before: shadowEntry), "shadow entry before the first").Intact);
        Assert.False(AssertSameVerdict(_layout.Reassemble(afterFirstEntry: shadowEntry), "shadow entry between entries").Intact);
        Assert.False(AssertSameVerdict(_layout.Reassemble(afterFirstEntry: new byte[3]), "zeros between entries").Intact);
        Assert.False(AssertSameVerdict(_layout.Reassemble(beforeDirectory: shadowEntry), "shadow entry before the directory").Intact);
        Assert.False(AssertSameVerdict(_layout.Reassemble(after: shadowEntry), "shadow entry after the end").Intact);
        Assert.False(AssertSameVerdict([.. _bytes, .. _bytes], "the artefact twice").Intact);
    }

    [Fact]
    public void A_local_header_that_lies_about_the_size_gives_the_same_differences()
    {
        // The model's local header claims a shorter member, so a streaming parser takes the rest of the model's data
        // for further entries; the central directory still tells the truth.
        var header = _layout.LocalHeaderOf(Model);
        var lie = Mutated(b =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(header + 18), 16);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(header + 22), 16);
        });
        Assert.False(AssertSameVerdict(lie, "local header shortens the model").Intact);
    }

    [Fact]
    public void A_local_header_that_lies_about_the_name_gives_the_same_differences()
    {
        var header = _layout.LocalHeaderOf(Model);
        Assert.False(AssertSameVerdict(Mutated(b => b[header + 30] = (byte)'x'), "local header renames the model").Intact);
    }

    [Fact]
    public void A_member_swapped_for_another_with_a_forged_manifest_gives_the_same_differences()
    {
        var members = ArtefactRepack.Members(_packagePath);
        members[members.FindIndex(m => m.Path == Model)] = new ZipMember(Model, Encoding.UTF8.GetBytes("another model"));
        var forged = DeterministicZipWriter.ToBytes(members, ArtefactRepack.Epoch, ArtefactPaths.Comment(new string('0', 64)));
        Assert.False(AssertSameVerdict(forged, "model swapped").Intact);
    }

    /// <summary>Property: every single-byte change of the framing, and a sample of changes in the data, gives the same verdict.</summary>
    [Fact]
    public void Every_byte_flip_of_the_framing_gives_the_same_verdict()
    {
        var random = new Random(20261205);
        var dataOffsets = Enumerable.Range(0, 64).Select(_ => random.Next(_bytes.Length));
        var flips = 0;
        foreach (var offset in _layout.FramingOffsets().Concat(dataOffsets).Distinct())
        {
            var verdict = AssertSameVerdict(Mutated(b => b[offset] ^= (byte)(1 << (offset % 8))), $"bit flipped at {offset}", [7, int.MaxValue]);
            Assert.False(verdict.Intact, $"a bit flipped at {offset} went unnoticed");
            flips++;
        }
        Assert.True(flips > 200, $"only {flips} mutations were tried");
    }
}
