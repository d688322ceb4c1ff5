using System.Security.Cryptography;
using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Web.Api;

/// <summary>
/// The write token the server was started with. Comparison hashes both sides first and compares the hashes in
/// constant time, so neither the token's content nor its length leaks through response timing.
/// </summary>
public sealed class BearerToken
{
    /// <summary>The shortest token accepted: 32 characters (128 bits or more of a random hex or base64 string).</summary>
    public const int MinimumLength = 32;

    private readonly byte[] hash;

    private BearerToken(string token) => hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// The token read from environment variable <paramref name="variable"/>, or null when it is unset or empty (the write
    /// endpoints are then disabled).
    /// </summary>
    /// <exception cref="MlOpsException">The token is shorter than <see cref="MinimumLength"/> (MLOPS176).</exception>
    public static BearerToken? FromEnvironment(string variable) => From(Environment.GetEnvironmentVariable(variable), variable);

    /// <summary>The token <paramref name="token"/> (null or empty: none), <paramref name="source"/> naming where it came from in messages.</summary>
    /// <exception cref="MlOpsException">The token is shorter than <see cref="MinimumLength"/> (MLOPS176).</exception>
    public static BearerToken? From(string? token, string source)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        if (token.Trim().Length < MinimumLength)
        {
            // The message names where the token came from, never the token.
            throw new MlOpsException(
                $"The catalog server's write token (from {source}) has {token.Trim().Length} characters; at least {MinimumLength} are needed so that it cannot be guessed.",
                fix: DiagnosticCatalog.WeakCatalogToken.Fix, diagnostic: DiagnosticCatalog.WeakCatalogToken, inputs: [UserInputs.CatalogToken]);
        }
        return new BearerToken(token.Trim());
    }

    /// <summary>Whether the Authorization header value <paramref name="authorization"/> carries this token ("Bearer &lt;token&gt;").</summary>
    public bool Admits(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, hash);
    }
}
