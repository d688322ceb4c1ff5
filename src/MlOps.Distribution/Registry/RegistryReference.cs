using System.Text.RegularExpressions;
using MlOps.Diagnostics;

namespace MlOps.Distribution.Registry;

/// <summary>
/// <c>registry/repository:tag</c> or <c>registry/repository@sha256:digest</c>. The registry part is required (there is
/// no default registry: a model never goes to Docker Hub by accident).
/// </summary>
public sealed partial record RegistryReference
{
    /// <summary>host[:port] of the registry.</summary>
    public required string Registry { get; init; }

    /// <summary>The repository path (lower case, slash-separated).</summary>
    public required string Repository { get; init; }

    /// <summary>The tag, or null when the reference is by digest.</summary>
    public string? Tag { get; init; }

    /// <summary>"sha256:…" when the reference is by digest, else null.</summary>
    public string? Digest { get; init; }

    /// <summary>The tag or the digest: what goes after /manifests/.</summary>
    public string ManifestReference => Digest ?? Tag!;

    /// <summary>The reference as written: registry/repository:tag or registry/repository@digest.</summary>
    public override string ToString() => Digest is null ? $"{Registry}/{Repository}:{Tag}" : $"{Registry}/{Repository}@{Digest}";

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The reference.</param>
    /// <param name="allowDigest">Whether @sha256:… is allowed (pull), or only a tag (push).</param>
    /// <exception cref="MlOpsException">Malformed (MLOPS185).</exception>
    public static RegistryReference Parse(string text, bool allowDigest)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Shape().Match(text);
        if (!match.Success || !LooksLikeHost(match.Groups["registry"].Value))
        {
            throw Malformed(text, "it is not registry/repository:tag" + (allowDigest ? " or registry/repository@sha256:digest" : "") +
                " (the registry host is required, the repository is lower case)");
        }
        var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        if (digest is not null && !allowDigest)
        {
            throw Malformed(text, "a push names a tag, not a digest (the digest is what the push prints)");
        }
        if (digest is null && tag is null)
        {
            throw Malformed(text, "it names no tag" + (allowDigest ? " and no digest" : ""));
        }
        return new RegistryReference { Registry = match.Groups["registry"].Value, Repository = match.Groups["repository"].Value, Tag = tag, Digest = digest };
    }

    /// <summary>True for a host the client speaks plain HTTP to by default: the loopback names.</summary>
    public bool IsLoopback
    {
        get
        {
            var host = Registry.StartsWith('[') ? Registry[..(Registry.IndexOf(']') + 1)] : Registry.Split(':')[0];
            return host is "localhost" or "127.0.0.1" or "[::1]";
        }
    }

    // A registry is a host with a dot or a port, or localhost, as Docker decides it: "models/x" is not a registry.
    private static bool LooksLikeHost(string registry) => registry.Contains('.') || registry.Contains(':') || registry == "localhost";

    private static MlOpsException Malformed(string text, string why) =>
        new($"'{text}' is not a registry reference: {why}.", fix: "Write registry/repository:tag (for example localhost:5000/models/credit-risk:1.0.0).",
            diagnostic: DiagnosticCatalog.NotAnOciModelArtefact);

    [GeneratedRegex(@"^(?<registry>[A-Za-z0-9.\-]+(:[0-9]+)?|\[[0-9A-Fa-f:]+\](:[0-9]+)?)/(?<repository>[a-z0-9]+([._\-]|__|[a-z0-9])*(/[a-z0-9]+([._\-]|__|[a-z0-9])*)*)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9._\-]{0,127}))?(@(?<digest>sha256:[0-9a-f]{64}))?$")]
    private static partial Regex Shape();
}
