using System.Buffers.Binary;
using System.Text;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.ArtefactTests;

namespace MlOps.Cli.Tests.ArtefactCommands;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-cli-verify-");
    private readonly PackageResult _built;

    public VerifyCommandTests() => _built = SampleArtefact.Build(_dir.Path);

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Members => new()
    {
        "card/model-card.html", "card/model-card.json", "card/model-card.md", "manifest.json", "model/model.onnx",
    };

    [Fact]
    public void An_intact_artefact_exits_0_and_prints_its_digest()
    {
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("intact: churn 0.3.1 (churn-0.3.1.mlpkg)", result.StdOut);
        Assert.Contains($"digest: sha256:{_built.Digest}", result.StdOut);
        Assert.Contains("sidecar: churn-0.3.1.mlpkg.sha256 matches", result.StdOut);
        Assert.Equal("", result.StdErr);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void A_changed_byte_in_any_member_exits_1_naming_it(string member)
    {
        var bytes = File.ReadAllBytes(_built.PackagePath);
        var (offset, length) = DataOf(bytes, member);
        bytes[offset + (length / 3)] ^= 0x04;
        File.WriteAllBytes(_built.PackagePath, bytes);

        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TAMPERED", result.StdOut);
        Assert.Contains($": {member}: ", result.StdOut);
        Assert.Contains("sidecar mismatch: churn-0.3.1.mlpkg", result.StdOut);
        Assert.Contains("not intact", result.StdErr);
    }

    [Fact]
    public void An_added_member_exits_1_naming_it()
    {
        var members = ReadMembers();
        members.Add(new ZipMember("evidence/extra.json", Encoding.UTF8.GetBytes("{}")));
        Rewrite(members);
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("member added: evidence/extra.json", result.StdOut);
    }

    [Fact]
    public void A_removed_member_exits_1_naming_it()
    {
        var members = ReadMembers();
        members.RemoveAll(m => m.Path == "card/model-card.html");
        Rewrite(members);
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("member removed: card/model-card.html", result.StdOut);
    }

    [Fact]
    public void An_edited_manifest_exits_1_naming_it()
    {
        var members = ReadMembers();
        var index = members.FindIndex(m => m.Path == "manifest.json");
        var text = Encoding.UTF8.GetString(members[index].Content.Span).Replace("\"version\":\"0.3.1\"", "\"version\":\"0.3.2\"", StringComparison.Ordinal);
        members[index] = new ZipMember("manifest.json", Encoding.UTF8.GetBytes(text));
        Rewrite(members);
        var result = CliRunner.Run("verify", _built.PackagePath);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("manifest edited: manifest.json", result.StdOut);
    }

    [Fact]
    public void A_random_file_exits_2()
    {
        var path = _dir.File("random.mlpkg");
        var bytes = new byte[2048];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var result = CliRunner.Run("verify", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS112", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void A_zip_that_is_not_an_artefact_exits_2()
    {
        var path = _dir.File("plain.zip");
        File.WriteAllBytes(path, DeterministicZipWriter.ToBytes([new ZipMember("a.txt", Encoding.UTF8.GetBytes("a"))], 0));
        var result = CliRunner.Run("verify", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not an .mlpkg artefact", result.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_zip_slip_archive_exits_2()
    {
        var path = _dir.File("slip.mlpkg");
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("../../outside.txt");
            zip.CreateEntry("manifest.json");
        }
        var result = CliRunner.Run("verify", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS114", result.StdErr);
    }

    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        var result = CliRunner.Run("verify", _dir.File("missing.mlpkg"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing.mlpkg", result.StdErr);
    }

    private List<ZipMember> ReadMembers() => ArtefactRepack.Members(_built.PackagePath);

    private void Rewrite(List<ZipMember> members) =>
        File.WriteAllBytes(_built.PackagePath, DeterministicZipWriter.ToBytes(members, 1700000000, ArtefactPaths.Comment(_built.Digest)));

    private static (int Offset, int Length) DataOf(byte[] zip, string name)
    {
        var pos = 0;
        while (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(pos)) == 0x04034b50)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(pos + 18));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 26));
            var data = pos + 30 + nameLength + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 28));
            if (Encoding.UTF8.GetString(zip, pos + 30, nameLength) == name)
            {
                return (data, size);
            }
            pos = data + size;
        }
        throw new InvalidOperationException(name);
    }
}
