using System.Text;
using System.Text.Json;

namespace MlOps.Distribution.Registry;

/// <summary>
/// A user name and password for one registry, and where they came from (said in an "unauthorized" message; the
/// password itself is never printed).
/// </summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password or token (never shown).</param>
/// <param name="Source">Where they were found, in words.</param>
public sealed record RegistryCredentials(string Username, string Password, string Source)
{
    /// <summary>The environment variable with the user name (takes precedence over the Docker config).</summary>
    public const string UsernameVariable = "MLOPS_REGISTRY_USERNAME";

    /// <summary>The environment variable with the password.</summary>
    public const string PasswordVariable = "MLOPS_REGISTRY_PASSWORD";

    /// <summary>Where credentials are looked for, in words, for a message that says none were found or they were refused.</summary>
    public static string WhereLooked(string registry) =>
        $"the environment variables {UsernameVariable} and {PasswordVariable}, or auths.\"{registry}\".auth in {DockerConfigPath()}";

    /// <summary>The password never appears in a log or a message.</summary>
    public override string ToString() => $"{Username} (from {Source})";

    /// <summary>The basic-auth header value: base64 of user:password.</summary>
    internal string BasicValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>
    /// The credentials for <paramref name="registry"/>: the environment variables first, then the Docker config file
    /// (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>, <c>auths.&lt;registry&gt;.auth</c>); null for anonymous access.
    /// </summary>
    public static RegistryCredentials? Find(string registry)
    {
        var user = Environment.GetEnvironmentVariable(UsernameVariable);
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (!string.IsNullOrEmpty(user) && password is not null)
        {
            return new RegistryCredentials(user, password, $"the environment variables {UsernameVariable} and {PasswordVariable}");
        }
        return FromDockerConfig(registry);
    }

    private static string DockerConfigPath()
    {
        var folder = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }
        return Path.Combine(folder, "config.json");
    }

    private static RegistryCredentials? FromDockerConfig(string registry)
    {
        var path = DockerConfigPath();
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            // docker login writes the bare host; older clients wrote a URL.
            foreach (var key in new[] { registry, $"https://{registry}", $"http://{registry}", $"https://{registry}/v2/" })
            {
                if (auths.TryGetProperty(key, out var entry) && entry.ValueKind == JsonValueKind.Object &&
                    entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
                {
                    var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                    var colon = pair.IndexOf(':');
                    if (colon > 0)
                    {
                        return new RegistryCredentials(pair[..colon], pair[(colon + 1)..], $"auths.\"{key}\" in {path}");
                    }
                }
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"The Docker config file '{path}' cannot be read: {e.Message}", path,
                fix: "Correct or remove the file (it is JSON with auths.<registry>.auth = base64 of user:password), or give the credentials through the environment.", inner: e);
        }
    }
}
