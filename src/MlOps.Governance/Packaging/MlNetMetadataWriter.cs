using System.IO.Compression;
using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Models;

namespace MlOps.Governance.Packaging;

/// <summary>
/// Embeds the packaged model's metadata (card, name, version, source digest) in an ML.NET model, as the ONNX
/// metadata_props carry it for an ONNX model: one entry per key under <see cref="MlNetModel.MetadataFolder"/>, which
/// ML.NET ignores when it loads the model (it opens only the entries it wrote). The archive is rewritten with the
/// deterministic writer (stored entries, a fixed clock), so the same model and metadata give the same bytes.
/// </summary>
public static class MlNetMetadataWriter
{
    // The inner archive's clock is fixed: the packaged model's bytes depend on its content only, not on the build's time.
    private const long FixedEpoch = 315532800; // 1980-01-01, the first instant a ZIP timestamp can hold

    /// <summary>
    /// The ML.NET model <paramref name="zipBytes"/> with <paramref name="metadata"/> as entries; entries of an earlier
    /// packaging are replaced, every other entry is kept byte for byte in its order.
    /// </summary>
    public static byte[] WithMetadata(byte[] zipBytes, IReadOnlyList<KeyValuePair<string, string>> metadata, string source)
    {
        ArgumentNullException.ThrowIfNull(zipBytes);
        ArgumentNullException.ThrowIfNull(metadata);
        var members = new List<ZipMember>();
        using (var zip = new ZipArchive(new MemoryStream(zipBytes, writable: false), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries.Where(e => !e.FullName.StartsWith(MlNetModel.MetadataFolder, StringComparison.Ordinal)))
            {
                members.Add(new ZipMember(entry.FullName, MlNetModel.ReadAll(entry, source)));
            }
        }
        foreach (var (key, value) in metadata.GroupBy(m => m.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Last().Value)))
        {
            members.Add(new ZipMember(MlNetModel.MetadataFolder + key, Encoding.UTF8.GetBytes(value)));
        }
        return DeterministicZipWriter.ToBytes(members, FixedEpoch);
    }
}
