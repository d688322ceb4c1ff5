using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

/// <summary>Issue 9, defect 2: damaged manifest bytes are MLOPS112, never another exception, for every reader.</summary>
public sealed class ManifestParseTests : IDisposable
{
    private readonly SampleInputs _inputs = new();
    private readonly byte[] _manifest;

    public ManifestParseTests()
    {
        var built = MlPackageBuilder.Build(_inputs.Request());
        using var package = MlPackageReader.Open(built.PackagePath);
        _manifest = package.ManifestBytes;
    }

    public void Dispose() => _inputs.Dispose();

    public static TheoryData<string> TopLevelKeys => new() { "schema", "name", "version", "model", "members", "lineage", "risk", "evidence", "data", "card" };

    [Theory]
    [MemberData(nameof(TopLevelKeys))]
    public void Invalid_UTF8_inside_a_key_is_MLOPS112(string key)
    {
        var bytes = _manifest.ToArray();
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes($"\"{key}\":"));
        Assert.True(at >= 0);
        bytes[at + 2] = 0xFF;
        var e = Assert.Throws<MlOpsException>(() => ArtefactManifest.Parse(bytes, "probe.mlpkg"));
        Assert.Equal("MLOPS112", e.Code);
    }

    [Fact]
    public void Every_single_byte_flip_of_the_manifest_parses_or_is_MLOPS112()
    {
        var others = new List<string>();
        foreach (var mask in new byte[] { 0x01, 0x80, 0xC0 })
        {
            for (var i = 0; i < _manifest.Length; i++)
            {
                var bytes = _manifest.ToArray();
                bytes[i] ^= mask;
                try
                {
                    ArtefactManifest.Parse(bytes, "probe.mlpkg");
                }
                catch (MlOpsException e) when (e.Code == "MLOPS112")
                {
                }
                catch (Exception e)
                {
                    others.Add($"byte {i} ^ 0x{mask:x2}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        Assert.Empty(others);
    }

    [Fact]
    public void A_duplicated_key_or_member_is_MLOPS112()
    {
        var text = Encoding.UTF8.GetString(_manifest);
        var duplicatedKey = Encoding.UTF8.GetBytes(text.Replace("\"schema\":", "\"name\":\"x\",\"schema\":", StringComparison.Ordinal));
        Assert.Equal("MLOPS112", Assert.Throws<MlOpsException>(() => ArtefactManifest.Parse(duplicatedKey, "probe.mlpkg")).Code);
        var at = text.IndexOf("\"members\":[", StringComparison.Ordinal) + "\"members\":[".Length;
        var first = text[at..(text.IndexOf('}', at) + 1)];
        var duplicatedMember = Encoding.UTF8.GetBytes(text.Insert(at, first + ","));
        Assert.Contains("twice", Assert.Throws<MlOpsException>(() => ArtefactManifest.Parse(duplicatedMember, "probe.mlpkg")).Message);
    }
}
