using System.Security.Cryptography;
using System.Text;
using MlOps.Catalog.Store;

namespace MlOps.Catalog.Tests.Support;

/// <summary>Records as a registration would make them; digests derived from the name so tests can predict them.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public static string Digest(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public static VersionRecord Version(string model, string version, string? digestSeed = null, DateTimeOffset? at = null, string? title = null) => new(
        model, version, Digest(digestSeed ?? $"{model}@{version}"), Digest($"file {digestSeed ?? $"{model}@{version}"}"), 12_345,
        title ?? $"{model} scorer", """{"name":"x"}""", """{"evidence":[]}""", "medium", "high-risk", "0123abcd",
        "https://git.example/models.git", $"artifacts/{model}-{version}.mlpkg", Stage.Candidate, at ?? Noon, "alice");

    public static StoredAttestation Attestation(string line) =>
        new(Digest(line), "https://mlopsbuild.dev/approval/v1", "key-1", line);

    public static StageChangeRequest Move(VersionRecord version, Stage to, string actor = "bob", DateTimeOffset? at = null, StoredAttestation? attestation = null) =>
        new(version.Digest, to, actor, at ?? Noon.AddHours(1), $"to {to}", attestation);
}
