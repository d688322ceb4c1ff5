using MlOps.Attestations.Keys;
using MlOps.Diagnostics;

namespace MlOps.Build.Attesting;

/// <summary>
/// The key that signs provenance during the build: the MlOpsSigningKey property, else the MLOPS_SIGNING_KEY
/// environment variable; its passphrase only ever from MLOPS_SIGNING_KEY_PASSWORD (a property would be written into
/// binary logs and build output).
/// </summary>
internal static class SigningKeySetting
{
    /// <summary>The environment variable a key path may come from.</summary>
    public const string KeyVariable = "MLOPS_SIGNING_KEY";

    /// <summary>The environment variable that holds an encrypted key's passphrase.</summary>
    public const string PassphraseVariable = "MLOPS_SIGNING_KEY_PASSWORD";

    /// <summary>The configured key file (relative paths against the project folder), or null when none is configured.</summary>
    public static string? PathOf(string? property, string? environment, string projectDirectory)
    {
        var value = string.IsNullOrWhiteSpace(property) ? environment : property;
        return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(Path.Combine(projectDirectory, value.Trim()));
    }

    /// <summary>Loads the key; every key problem (MLOPS138/139) points at the signing-key setting.</summary>
    /// <exception cref="MlOpsException">The key is missing, malformed, or its passphrase is missing or wrong.</exception>
    public static SigningKey Load(string path)
    {
        try
        {
            return SigningKey.Load(path, PassphraseVariable);
        }
        catch (MlOpsException e) when (!e.Inputs.Any(h => h.Input == UserInputs.SigningKey))
        {
            throw new MlOpsException(e.Message, e.File, e.Line, e.Fix, e.Diagnostic, e.Column, e, [.. e.Inputs, UserInputs.SigningKey]);
        }
    }
}
