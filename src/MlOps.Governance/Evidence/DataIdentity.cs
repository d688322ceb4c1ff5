using MlOps.Hashing;

namespace MlOps.Governance.Evidence;

/// <summary>
/// How evidence names the data it is about: the bare file name (never a folder or a temporary file, so evidence
/// bytes do not depend on the machine) and the sha256 of its bytes.
/// </summary>
/// <param name="FileName">The file name without its folder.</param>
/// <param name="Sha256">The sha256 of the file, or null when not computed.</param>
public sealed record DataIdentity(string FileName, string? Sha256)
{
    /// <summary>The identity of the file at <paramref name="path"/> (hashed, streamed).</summary>
    public static DataIdentity Of(string path) => new(Path.GetFileName(path), Sha256Hex.OfFile(path));
}
