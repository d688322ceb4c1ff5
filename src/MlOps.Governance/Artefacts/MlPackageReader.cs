using MlOps.Diagnostics;
namespace MlOps.Governance.Artefacts;

/// <summary>Opens .mlpkg artefacts safely (zip-slip and zip-bomb proof).</summary>
public static class MlPackageReader
{
    /// <summary>
    /// Opens an artefact: MLOPS112 when it is not a ZIP or has no valid v1 manifest, MLOPS114 for unsafe entry
    /// names, MLOPS115 when it exceeds <paramref name="limits"/>. Dispose the result.
    /// </summary>
    public static MlPackage Open(string path, ZipLimits? limits = null)
    {
        var archive = SafeZipArchive.Open(path, limits);
        try
        {
            var entry = archive.Find(ArtefactPaths.Manifest)
                ?? throw new MlOpsException("Not an .mlpkg artefact: it has no manifest.json.", file: path,
                    fix: "Pass a .mlpkg written by MlOps.Build.", diagnostic: DiagnosticCatalog.NotAnArtefact);
            if (entry.Size > 64L << 20)
            {
                throw new MlOpsException("Not an .mlpkg artefact: manifest.json is implausibly large.", file: path,
                    fix: "Pass a .mlpkg written by MlOps.Build.", diagnostic: DiagnosticCatalog.ArchiveTooLarge);
            }
            var bytes = archive.ReadAll(entry);
            return new MlPackage(archive, bytes, ArtefactManifest.Parse(bytes, path));
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>True when the file starts with a ZIP local header (an .mlpkg), whatever its extension.</summary>
    public static bool LooksLikeArchive(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
}
