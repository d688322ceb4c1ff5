using System.Text;
using MlOps.IO;

namespace MlOps.Governance.Artefacts;

/// <summary>The <c>&lt;file&gt;.mlpkg.sha256</c> sidecar in <c>sha256sum</c> format: "&lt;hex&gt;  &lt;file name&gt;\n".</summary>
public static class Sidecar
{
    /// <summary>The sidecar path of an artefact.</summary>
    public static string PathFor(string packagePath) => packagePath + ArtefactPaths.SidecarSuffix;

    /// <summary>The sidecar text for a file name and its digest.</summary>
    public static string Format(string sha256, string fileName) => $"{sha256}  {fileName}\n";

    /// <summary>
    /// The digest and file name a sidecar records, or null when it is not one line in sha256sum format (a sidecar
    /// vouches for one file; more lines would leave open which one).
    /// </summary>
    public static (string Sha256, string FileName)? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        if (lines.Skip(1).Any(l => l.TrimEnd('\r').Length > 0))
        {
            return null;
        }
        var line = lines[0].TrimEnd('\r');
        if (line.Length < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
        {
            return null;
        }
        var hex = line[..64].ToLowerInvariant();
        return hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')) ? (hex, line[66..]) : null;
    }

    /// <summary>Writes the sidecar atomically.</summary>
    public static void Write(string packagePath, string sha256) =>
        AtomicFile.Write(PathFor(packagePath), Encoding.UTF8.GetBytes(Format(sha256, Path.GetFileName(packagePath))), createFolder: true);
}
