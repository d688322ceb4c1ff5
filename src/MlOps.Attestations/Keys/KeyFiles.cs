using System.Security.Cryptography;
using MlOps.Diagnostics;

namespace MlOps.Attestations.Keys;

/// <summary>Creates key pair files (<c>&lt;name&gt;.key</c>, owner-only, and <c>&lt;name&gt;.pub</c>) and words key-file errors.</summary>
public static class KeyFiles
{
    /// <summary>The environment variable that holds a private key's passphrase unless a caller names another.</summary>
    public const string DefaultPassphraseVariable = "MLOPS_KEY_PASSWORD";

    /// <summary>
    /// Writes a new key pair: <paramref name="basePath"/>.key (PKCS#8 PEM, mode 0600 from the moment it exists) and
    /// <paramref name="basePath"/>.pub (SPKI PEM). Existing files are never replaced: a key someone relies on is not
    /// lost to a repeated command.
    /// </summary>
    /// <returns>The private key file, the public key file and the key id.</returns>
    /// <exception cref="MlOpsException">Either file exists, or the folder is missing or not writable.</exception>
    public static (string PrivateKeyPath, string PublicKeyPath, string KeyId) Create(string basePath, string? passphrase)
    {
        var privatePath = basePath + ".key";
        var publicPath = basePath + ".pub";
        foreach (var existing in new[] { privatePath, publicPath }.Where(File.Exists))
        {
            throw new MlOpsException($"'{existing}' already exists; a key file is never replaced.", existing,
                fix: "Choose another name for the new key, or move the old key away first (keep it while anything it signed is in use).",
                diagnostic: DiagnosticCatalog.KeyFileExists);
        }
        using var key = SigningKey.Create();
        WriteOwnerOnly(privatePath, key.ToPem(passphrase));
        try
        {
            WriteNew(publicPath, key.PublicKey.ToPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch
        {
            File.Delete(privatePath);
            throw;
        }
        return (privatePath, publicPath, key.Id);
    }

    private static void WriteOwnerOnly(string path, string text) => WriteNew(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    // Written to a temp file created with its final mode (a private key is never readable by others, not even for
    // a moment), then moved into place without replacing anything.
    private static void WriteNew(string path, string text, UnixFileMode mode)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new MlOpsException($"The folder '{folder}' does not exist.", path, fix: "Create the folder first, or choose another path for the key.");
        }
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new MlOpsException($"Cannot write '{path}': {e.Message}", path,
                fix: "Check that the file does not exist yet and that the folder is writable.", diagnostic: DiagnosticCatalog.KeyFileExists, inner: e);
        }
    }

    internal static MlOpsException Malformed(string source, long? line, string why) =>
        new($"'{source}' is not a usable key: {why}", source, line,
            "Use a key made by 'mlops key new' (ECDSA P-256; private keys PKCS#8 PEM, public keys SPKI PEM).",
            DiagnosticCatalog.MalformedKey);

    internal static void RequireP256(ECDsa key, string source, long? line)
    {
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != "1.2.840.10045.3.1.7")
        {
            key.Dispose();
            throw Malformed(source, line, $"It is an ECDSA key on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(unnamed)"}; only P-256 (prime256v1) is accepted.");
        }
    }
}
