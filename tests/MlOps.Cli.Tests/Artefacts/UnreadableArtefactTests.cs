using System.Buffers.Binary;
using System.Text;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.ArtefactTests;

namespace MlOps.Cli.Tests.ArtefactCommands;

/// <summary>
/// Issue 9, defects 2 and 5 through the CLI: an artefact whose manifest has invalid UTF-8 in a key is bad input
/// (exit 2, MLOPS112, one line) for every command that reads artefacts, and tampering with the archive's framing
/// is reported by verify (exit 1) with where it is.
/// </summary>
public sealed class UnreadableArtefactTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-cli-unreadable-");
    private readonly PackageResult _built;

    public UnreadableArtefactTests() => _built = SampleArtefact.Build(_dir.Path);

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The artefact with a byte of the manifest's top-level key "schema" made invalid UTF-8, and the archive's
    /// digest record rewritten to match, as a forger would.
    /// </summary>
    private string InvalidUtf8InAManifestKey()
    {
        var manifest = ArtefactRepack.Manifest(_built.PackagePath);
        var key = Encoding.UTF8.GetBytes("\"schema\":");
        var at = manifest.AsSpan().IndexOf(key);
        Assert.True(at >= 0);
        manifest[at + 3] = 0xFF; // "s\xFFhema"
        var path = _dir.File("utf8.mlpkg");
        File.WriteAllBytes(path, ArtefactRepack.WithManifest(_built.PackagePath, manifest));
        return path;
    }

    private static void AssertBadInput(CliResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("MLOPS112", result.StdErr);
        Assert.Contains("manifest.json", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Verify_reports_invalid_UTF8_in_a_manifest_key_as_tampering()
    {
        var result = CliRunner.Run("verify", InvalidUtf8InAManifestKey());
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("manifest edited: manifest.json: Not an .mlpkg artefact: manifest.json does not follow the v1 schema", result.StdOut);
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public void Inspect_refuses_invalid_UTF8_in_a_manifest_key() =>
        AssertBadInput(CliRunner.Run("inspect", InvalidUtf8InAManifestKey()));

    [Fact]
    public void Gate_refuses_invalid_UTF8_in_a_manifest_key() =>
        AssertBadInput(CliRunner.Run("gate", InvalidUtf8InAManifestKey()));

    [Fact]
    public void Score_refuses_invalid_UTF8_in_a_manifest_key()
    {
        var data = _dir.File("data.csv");
        File.WriteAllText(data, "features\n1\n");
        AssertBadInput(CliRunner.Run("score", "--model", InvalidUtf8InAManifestKey(), "--data", data, "--out", _dir.File("scores.csv")));
    }

    [Fact]
    public void Evaluate_refuses_invalid_UTF8_in_a_manifest_key()
    {
        var data = _dir.File("data.csv");
        File.WriteAllText(data, "features,label\n1,1\n");
        AssertBadInput(CliRunner.Run("evaluate", "--model", InvalidUtf8InAManifestKey(), "--data", data, "--label", "label", "--out", _dir.File("evaluation.json")));
    }

    [Fact]
    public void Drift_compare_refuses_invalid_UTF8_in_a_manifest_key_of_the_baseline()
    {
        var data = _dir.File("data.csv");
        File.WriteAllText(data, "features\n1\n");
        AssertBadInput(CliRunner.Run("drift", "compare", "--baseline", InvalidUtf8InAManifestKey(), "--data", data, "--out", _dir.File("drift.json")));
    }

    [Fact]
    public void Repro_refuses_invalid_UTF8_in_a_manifest_key()
    {
        var bad = InvalidUtf8InAManifestKey();
        AssertBadInput(CliRunner.Run("repro", "--baseline", bad, "--candidate", _built.PackagePath, "--out", _dir.File("repro.json")));
        AssertBadInput(CliRunner.Run("repro", "--baseline", _built.PackagePath, "--candidate", bad, "--out", _dir.File("repro.json")));
    }

    [Fact]
    public void Verify_names_bytes_appended_after_the_end_of_the_archive()
    {
        var length = new FileInfo(_built.PackagePath).Length;
        File.AppendAllText(_built.PackagePath, "appended");
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"structure changed: (archive): 8 bytes after the end of the archive (bytes {length}..{length + 7})", result.StdOut);
    }

    [Fact]
    public void Verify_without_the_sidecar_names_the_artefact_appended_to_itself()
    {
        File.Delete(_built.Sha256Path);
        var bytes = File.ReadAllBytes(_built.PackagePath);
        File.WriteAllBytes(_built.PackagePath, [.. bytes, .. bytes]);
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{bytes.Length} bytes after the end of the archive", result.StdOut);
    }

    [Fact]
    public void Verify_without_the_sidecar_names_a_changed_flag_in_the_models_local_header()
    {
        File.Delete(_built.Sha256Path);
        var bytes = File.ReadAllBytes(_built.PackagePath);
        var pos = 0;
        while (Encoding.UTF8.GetString(bytes, pos + 30, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 26))) != ArtefactPaths.Model)
        {
            pos += 30 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 26)) + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 18));
        }
        bytes[pos + 7] ^= 0x01; // general-purpose flags 0x0800 -> 0x0900
        File.WriteAllBytes(_built.PackagePath, bytes);
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"structure changed: model/model.onnx: local header: general-purpose flags is 0x0900, the writer writes 0x0800 (bytes {pos + 6}..{pos + 7})", result.StdOut);
    }

    [Fact]
    public void Verify_reports_a_sidecar_that_names_another_file()
    {
        File.WriteAllText(_built.Sha256Path, Sidecar.Format(_built.PackageSha256, "other-1.0.0.mlpkg"));
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("sidecar mismatch: churn-0.3.1.mlpkg.sha256: it records the file 'other-1.0.0.mlpkg', not 'churn-0.3.1.mlpkg'", result.StdOut);
    }

    [Fact]
    public void A_file_that_is_no_ZIP_is_still_bad_input_not_tampering()
    {
        File.WriteAllText(_built.PackagePath, "not a zip at all");
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS112", result.StdErr);
    }
}
