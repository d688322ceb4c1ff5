using MlOps.Attestations.Keys;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;
using MlOps.Governance.Yaml;
using MlOps.Hashing;
using YamlDotNet.RepresentationModel;
using MlOps.Serialization;

namespace MlOps.Attestations.Trust;

/// <summary>A person or machine whose signatures count: name, roles and public keys.</summary>
/// <param name="Name">The display name.</param>
/// <param name="Email">The e-mail address, if given.</param>
/// <param name="Roles">The roles the principal may approve in (model-owner, risk-manager, compliance, ...).</param>
/// <param name="Keys">The principal's public keys.</param>
/// <param name="Expires">Signatures claiming a time at or after this do not count.</param>
public sealed record Principal(string Name, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<PublicKey> Keys, DateTimeOffset? Expires)
{
    /// <summary>"Alice Example &lt;alice@example.com&gt;" or the name alone.</summary>
    public string Display => Email is null ? Name : $"{Name} <{Email}>";
}

/// <summary>A revoked key: signatures claiming a time at or after <paramref name="At"/> do not count.</summary>
public sealed record Revocation(string KeyId, DateTimeOffset At, string? Reason);

/// <summary>
/// The trust file (docs/trust-file.md): who may sign, in which roles, with which keys, and which keys are revoked.
/// Every mistake names the file, the line and the field (MLOPS140); its SHA-256 goes into release records so that
/// a release says which trust it was decided under.
/// </summary>
public sealed class TrustFile
{
    private readonly Dictionary<string, (PublicKey Key, Principal Owner)> _byKeyId;

    private TrustFile(string path, string sha256, IReadOnlyList<Principal> principals, IReadOnlyList<Revocation> revocations)
    {
        Path = path;
        Sha256 = sha256;
        Principals = principals;
        Revocations = revocations;
        _byKeyId = principals.SelectMany(p => p.Keys.Select(k => (k, p))).ToDictionary(x => x.k.Id, x => (x.k, x.p), StringComparer.Ordinal);
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The file's SHA-256.</summary>
    public string Sha256 { get; }

    /// <summary>The principals, in file order.</summary>
    public IReadOnlyList<Principal> Principals { get; }

    /// <summary>The revoked keys.</summary>
    public IReadOnlyList<Revocation> Revocations { get; }

    /// <summary>The key with id <paramref name="keyId"/> and its owner, or null when nobody trusted holds it.</summary>
    public (PublicKey Key, Principal Owner)? Find(string keyId) => _byKeyId.TryGetValue(keyId, out var found) ? found : null;

    /// <summary>The revocation of <paramref name="keyId"/>, if it is revoked.</summary>
    public Revocation? RevocationOf(string keyId) => Revocations.FirstOrDefault(r => r.KeyId == keyId);

    private static readonly string[] PrincipalKeys = ["name", "email", "roles", "publicKey", "publicKeys", "expires"];
    private static readonly string[] RevocationKeys = ["keyId", "at", "reason"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="MlOpsException">Missing file, invalid YAML, an unknown or missing field, an unreadable key, a key
    /// id listed twice (MLOPS140).</exception>
    public static TrustFile Read(string path)
    {
        var yaml = YamlFile.Load(path, "trust", "Check the path of the trust file (docs/trust-file.md).",
            "Fix the YAML syntax at that line (see docs/trust-file.md for the format).", UserInputs.TrustFile);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new MlOpsException("The trust file is empty or not a mapping.", path, 1, "Start with 'principals:' and one entry per signer (docs/trust-file.md).",
                DiagnosticCatalog.InvalidTrustFile);
        }
        var principals = new List<Principal>();
        var revocations = new List<Revocation>();
        var seen = new Dictionary<string, (string Owner, long Line)>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            switch (Scalar(path, key, "top-level key"))
            {
                case "principals":
                    foreach (var item in Sequence(path, value, "principals"))
                    {
                        principals.Add(ReadPrincipal(path, item, seen));
                    }
                    break;
                case "revoked":
                    foreach (var item in Sequence(path, value, "revoked"))
                    {
                        revocations.Add(ReadRevocation(path, item));
                    }
                    break;
                case var other:
                    throw Bad(path, key, $"Unknown top-level key '{other}'.", "The trust file has two top-level keys: 'principals' and 'revoked'.");
            }
        }
        if (principals.Count == 0)
        {
            throw Bad(path, root, "The trust file names no principal, so no signature could ever count.", "Add 'principals:' with at least one entry (docs/trust-file.md).");
        }
        return new TrustFile(path, Sha256Hex.OfFile(path), principals, revocations);
    }

    private static Principal ReadPrincipal(string path, YamlNode node, Dictionary<string, (string Owner, long Line)> seen)
    {
        if (node is not YamlMappingNode map)
        {
            throw Bad(path, node, "A principal is not a mapping.", "Write each principal as 'name:', 'email:', 'roles:' and 'publicKey:' indented under '- '.");
        }
        string? name = null, email = null;
        DateTimeOffset? expires = null;
        var roles = new List<string>();
        var keys = new List<(YamlNode Node, PublicKey Key)>();
        foreach (var (k, v) in map.Children)
        {
            switch (Scalar(path, k, "principal key"))
            {
                case "name": name = Scalar(path, v, "name"); break;
                case "email": email = Scalar(path, v, "email"); break;
                case "roles": roles.AddRange(Sequence(path, v, "roles").Select(r => Role(path, r))); break;
                case "publicKey": keys.Add((v, Key(path, v))); break;
                case "publicKeys": keys.AddRange(Sequence(path, v, "publicKeys").Select(item => (item, Key(path, item)))); break;
                case "expires": expires = Time(path, v, "expires"); break;
                case var other: throw Bad(path, k, $"Unknown principal key '{other}'.", $"Use one of: {string.Join(", ", PrincipalKeys)}.");
            }
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Bad(path, node, "A principal has no 'name'.", "Give every principal a name: the person or machine that holds the key.");
        }
        if (keys.Count == 0)
        {
            throw Bad(path, node, $"Principal '{name}' has no 'publicKey'.", "Add 'publicKey:' with the path of the .pub file (relative to the trust file) or the PEM text.");
        }
        foreach (var (keyNode, key) in keys)
        {
            if (seen.TryGetValue(key.Id, out var first))
            {
                throw Bad(path, keyNode, $"Key {KeyId.Short(key.Id)}… is listed twice: for '{first.Owner}' (line {first.Line}) and for '{name}'. A key must name one holder, or a signature could not say who made it.",
                    "Keep the key under the one principal who holds it; give the other principal their own key.");
            }
            seen[key.Id] = (name, keyNode.Start.Line);
        }
        return new Principal(name, email, roles, keys.Select(k => k.Key).ToList(), expires);
    }

    private static Revocation ReadRevocation(string path, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw Bad(path, node, "A revocation is not a mapping.", "Write each revoked key as 'keyId:', 'at:' and 'reason:' indented under '- '.");
        }
        string? keyId = null, reason = null;
        DateTimeOffset? at = null;
        foreach (var (k, v) in map.Children)
        {
            switch (Scalar(path, k, "revocation key"))
            {
                case "keyId":
                    keyId = Scalar(path, v, "keyId");
                    if (keyId.Length != 64 || !keyId.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
                    {
                        throw Bad(path, v, $"'keyId' is '{keyId}', not a key id.", "Write the key id as 64 lowercase hex digits (mlops key new prints it).");
                    }
                    break;
                case "at": at = Time(path, v, "at"); break;
                case "reason": reason = Scalar(path, v, "reason"); break;
                case var other: throw Bad(path, k, $"Unknown revocation key '{other}'.", $"Use one of: {string.Join(", ", RevocationKeys)}.");
            }
        }
        if (keyId is null || at is null)
        {
            throw Bad(path, node, "A revocation needs 'keyId' and 'at'.", "Name the revoked key's id and the time from which its signatures no longer count (for a stolen key: when it may first have been exposed).");
        }
        return new Revocation(keyId, at.Value, reason);
    }

    private static PublicKey Key(string path, YamlNode node)
    {
        var text = Scalar(path, node, "publicKey");
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return PublicKey.FromPem(text, path, node.Start.Line);
        }
        var keyPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, text);
        if (!File.Exists(keyPath))
        {
            throw Bad(path, node, $"The public key file '{text}' does not exist (looked for {keyPath}).", "Write the .pub file's path relative to the trust file, or the PEM text itself.");
        }
        return PublicKey.FromPem(File.ReadAllText(keyPath), keyPath);
    }

    private static string Role(string path, YamlNode node)
    {
        var role = Scalar(path, node, "roles");
        return ApprovalRule.IsRoleName(role)
            ? role
            : throw Bad(path, node, $"Role '{role}' is not a role name.", "Write roles in lowercase with hyphens, e.g. model-owner, risk-manager, compliance.");
    }

    private static DateTimeOffset Time(string path, YamlNode node, string field)
    {
        var text = Scalar(path, node, field);
        return UtcTime.TryParse(text, out var time)
            ? time
            : throw Bad(path, node, $"'{field}' is '{text}', not a date or time.", "Write an ISO 8601 date or time, e.g. 2026-12-31 or 2026-12-31T18:00:00Z.");
    }

    private static IEnumerable<YamlNode> Sequence(string path, YamlNode node, string field) =>
        node is YamlSequenceNode sequence ? sequence.Children : throw Bad(path, node, $"'{field}' is not a list.", $"Write '{field}:' followed by '- ' entries.");

    private static string Scalar(string path, YamlNode node, string where) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Bad(path, node, $"'{where}' must be a single value here.", "Write a plain value, not a list or mapping.");

    private static MlOpsException Bad(string path, YamlNode node, string message, string fix) =>
        new(message, path, node.Start.Line, fix, DiagnosticCatalog.InvalidTrustFile, node.Start.Column, inputs: [UserInputs.TrustFile]);
}
