using System.IO.Compression;
using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

/// <summary>
/// Issue 9, defect 5: without the sidecar, verify must accept exactly the bytes the writer produces for the
/// members; every other byte is tampering, named by where it is.
/// </summary>
public sealed class CanonicalArchiveTests : IDisposable
{
    private const string Model = "model/model.onnx";
    private readonly SampleInputs _inputs = new();
    private readonly PackageResult _built;
    private readonly byte[] _bytes;

    public CanonicalArchiveTests()
    {
        _built = MlPackageBuilder.Build(_inputs.Request());
        _bytes = File.ReadAllBytes(_built.PackagePath);
    }

    public void Dispose() => _inputs.Dispose();

    /// <summary>Writes <paramref name="bytes"/> without a sidecar and verifies them.</summary>
    private VerificationResult Verify(byte[] bytes, string name = "probe.mlpkg")
    {
        var path = Path.Combine(_inputs.Root, name);
        File.WriteAllBytes(path, bytes);
        return MlPackageVerifier.Verify(path);
    }

    private static ArtefactDifference Structure(VerificationResult result, string subject, string detail) =>
        Assert.Single(result.Differences, d => d.Kind == DifferenceKind.StructureChanged && d.Subject == subject && d.Detail.Contains(detail, StringComparison.Ordinal));

    [Fact]
    public void The_writers_own_bytes_are_canonical()
    {
        var result = Verify(_bytes);
        Assert.True(result.Intact, string.Join("\n", result.Differences));
    }

    [Fact]
    public void Bytes_prepended_with_offsets_adjusted_are_named_with_the_shadow_entry_they_hold()
    {
        // A stored local entry model/model.onnx first: a streaming ZIP reader would take it for the model.
        var shadow = DeterministicZipWriter.ToBytes([new ZipMember(Model, Encoding.UTF8.GetBytes("malicious model"))], 1700000000);
        var localOnly = shadow.AsSpan(0, 30 + Model.Length + "malicious model".Length).ToArray();
        var tampered = ZipLayout.Of(_bytes).Reassemble(before: localOnly);

        var result = Verify(tampered);
        Assert.False(result.Intact);
        var difference = Structure(result, "(archive)", $"{localOnly.Length} bytes before the first entry (bytes 0..{localOnly.Length - 1})");
        Assert.Contains($"a local header naming '{Model}'", difference.Detail);
        Assert.Single(result.Differences); // the shifted offsets follow from it and are not reported again
    }

    [Fact]
    public void The_artefact_appended_to_itself_is_named()
    {
        var result = Verify([.. _bytes, .. _bytes]);
        var difference = Structure(result, "(archive)", $"{_bytes.Length} bytes after the end of the archive (bytes {_bytes.Length}..{(2 * _bytes.Length) - 1})");
        Assert.Contains("a local header naming", difference.Detail);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(70_000)] // more than the 64 KiB a ZIP comment can span
    public void Bytes_appended_after_the_end_record_are_tampering_not_an_unreadable_file(int count)
    {
        var result = Verify([.. _bytes, .. new byte[count]]);
        Structure(result, "(archive)", $"{count} bytes after the end of the archive (bytes {_bytes.Length}..{_bytes.Length + count - 1})");
    }

    [Fact]
    public void A_gap_before_the_central_directory_is_named()
    {
        var tampered = ZipLayout.Of(_bytes).Reassemble(beforeDirectory: new byte[4096]);
        var result = Verify(tampered);
        Structure(result, "(archive)", "4096 bytes between the last entry and the central directory");
        Assert.Single(result.Differences);
    }

    [Fact]
    public void Bytes_between_two_entries_are_named()
    {
        var layout = ZipLayout.Of(_bytes);
        var result = Verify(layout.Reassemble(afterFirstEntry: new byte[16]));
        Structure(result, "(archive)", $"16 bytes between the entries '{layout.Entries[0].Name}' and '{layout.Entries[1].Name}'");
        Assert.Single(result.Differences);
    }

    [Fact]
    public void Reordered_entries_are_named()
    {
        var layout = ZipLayout.Of(_bytes);
        var names = layout.Entries.Select(e => e.Name).ToList();
        (names[0], names[1]) = (names[1], names[0]);
        var result = Verify(layout.Reassemble(entryOrder: names));
        Structure(result, names[0], $"stored before '{names[1]}'");
    }

    [Fact]
    public void A_reordered_central_directory_is_named()
    {
        var layout = ZipLayout.Of(_bytes);
        var names = layout.Centrals.Select(c => c.Name).Reverse().ToList();
        var result = Verify(layout.Reassemble(centralOrder: names));
        Assert.Contains(result.Differences, d => d.Detail.Contains("listed in the central directory before", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deflated_entry_is_named()
    {
        // The same members, the same comment, but written by System.IO.Compression with one entry deflated.
        var path = Path.Combine(_inputs.Root, "deflated.mlpkg");
        using (var package = MlPackageReader.Open(_built.PackagePath))
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            foreach (var entry in package.Entries)
            {
                var member = zip.CreateEntry(entry.Name, entry.Name == "card/model-card.html" ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                member.LastWriteTime = new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero);
                using var output = member.Open();
                output.Write(package.OpenMemberBytes(entry.Name));
            }
            zip.Comment = ArtefactPaths.Comment(package.Digest);
        }
        var result = MlPackageVerifier.Verify(path);
        Assert.False(result.Intact);
        Assert.DoesNotContain(result.Differences, d => d.Kind is DifferenceKind.MemberChanged or DifferenceKind.ManifestEdited);
        Structure(result, "card/model-card.html", "central directory header: compression method is 8, the writer writes 0");
    }

    public static TheoryData<string, int, string> HeaderFields => new()
    {
        { "local", 4, "local header: version needed to extract is" },
        { "local", 6, "local header: general-purpose flags is" },
        { "local", 10, "local header: DOS time is" },
        { "local", 12, "local header: DOS date is" },
        { "central", 4, "central directory header: version made by is" },
        { "central", 5, "central directory header: version made by is" },
        { "central", 6, "central directory header: version needed to extract is" },
        { "central", 9, "central directory header: general-purpose flags is" },
        { "central", 12, "central directory header: DOS time is" },
        { "central", 34, "central directory header: disk number start is" },
        { "central", 36, "central directory header: internal attributes is" },
        { "central", 38, "central directory header: external attributes is" },
        { "central", 41, "central directory header: external attributes is" },
    };

    [Theory]
    [MemberData(nameof(HeaderFields))]
    public void A_changed_header_field_of_the_model_is_named(string header, int offset, string detail)
    {
        var layout = ZipLayout.Of(_bytes);
        var tampered = _bytes.ToArray();
        tampered[(header == "local" ? layout.LocalHeaderOf(Model) : layout.CentralHeaderOf(Model)) + offset] ^= 0x01;
        var result = Verify(tampered);
        var difference = Structure(result, Model, detail);
        Assert.Contains("the writer writes", difference.Detail);
    }

    [Fact]
    public void A_changed_CRC_in_both_headers_is_named()
    {
        var layout = ZipLayout.Of(_bytes);
        var tampered = _bytes.ToArray();
        tampered[layout.LocalHeaderOf(Model) + 14] ^= 0x01;
        tampered[layout.CentralHeaderOf(Model) + 16] ^= 0x01;
        var result = Verify(tampered);
        Structure(result, Model, "local header: CRC-32 is");
        Structure(result, Model, "central directory header: CRC-32 is");
    }

    [Fact]
    public void A_padded_archive_comment_is_named()
    {
        var tampered = _bytes.ToArray();
        var end = ZipLayout.Of(_bytes).EndOffset;
        tampered[end + 20] += 1; // the comment length now takes one appended space
        var result = Verify([.. tampered, (byte)' ']);
        Structure(result, "(archive)", "end record: comment length is");
    }

    [Fact]
    public void Every_single_byte_flip_of_the_framing_is_caught_without_the_sidecar()
    {
        var layout = ZipLayout.Of(_bytes);
        var offsets = layout.FramingOffsets().ToList();
        Assert.True(offsets.Count > 500, $"only {offsets.Count} framing bytes");
        var path = Path.Combine(_inputs.Root, "flip.mlpkg");
        var accepted = new List<string>();
        foreach (var mask in new byte[] { 0x01, 0x80 })
        {
            foreach (var offset in offsets)
            {
                var tampered = _bytes.ToArray();
                tampered[offset] ^= mask;
                File.WriteAllBytes(path, tampered);
                try
                {
                    if (MlPackageVerifier.Verify(path).Intact)
                    {
                        accepted.Add($"byte {offset} ^ 0x{mask:x2}");
                    }
                }
                catch (MlOpsException)
                {
                    // refused as unreadable: caught too
                }
            }
        }
        Assert.Empty(accepted);
    }

    [Fact]
    public void A_sidecar_that_names_another_file_is_a_difference()
    {
        var path = Path.Combine(_inputs.Root, "mine.mlpkg");
        File.WriteAllBytes(path, _bytes);
        File.WriteAllText(Sidecar.PathFor(path), Sidecar.Format(_built.PackageSha256, "other.mlpkg"));
        var difference = Assert.Single(MlPackageVerifier.Verify(path).Differences);
        Assert.Equal(DifferenceKind.SidecarMismatch, difference.Kind);
        Assert.Equal("mine.mlpkg.sha256", difference.Subject);
        Assert.Contains("'other.mlpkg', not 'mine.mlpkg'", difference.Detail);
    }

    [Fact]
    public void A_sidecar_with_more_than_one_line_is_malformed()
    {
        var path = Path.Combine(_inputs.Root, "mine.mlpkg");
        File.WriteAllBytes(path, _bytes);
        File.WriteAllText(Sidecar.PathFor(path), Sidecar.Format(_built.PackageSha256, "mine.mlpkg") + Sidecar.Format(new string('0', 64), "other.mlpkg"));
        var difference = Assert.Single(MlPackageVerifier.Verify(path).Differences);
        Assert.Equal(DifferenceKind.SidecarMismatch, difference.Kind);
        Assert.Contains("not in sha256sum format", difference.Detail);
    }
}
