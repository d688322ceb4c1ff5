using System.CommandLine;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Trust;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;

namespace MlOps.Cli.Commands;

/// <summary>The options of the commands that sign or judge signatures, defined once.</summary>
internal static class SigningOptions
{
    public static readonly Option<string> Key = new Option<string>("--key")
    {
        Description = "The private key that signs (PKCS#8 PEM, made by 'mlops key new').",
        HelpName = "file",
        Required = true,
    }.Sets(UserInputs.SigningKey);

    public static readonly Option<string> PassphraseVariable = new Option<string>("--passphrase-env")
    {
        Description = "The environment variable that holds the private key's passphrase (never pass a passphrase as an argument).",
        HelpName = "variable",
        DefaultValueFactory = _ => KeyFiles.DefaultPassphraseVariable,
    };

    public static readonly Option<string> RequiredTrust = new Option<string>("--trust")
    {
        Description = "The trust file: who may sign, in which roles, with which keys (docs/trust-file.md).",
        HelpName = "yaml",
        Required = true,
    }.Sets(UserInputs.TrustFile);

    public static readonly Option<string?> Trust = new Option<string?>("--trust")
    {
        Description = "The trust file: who may sign, in which roles, with which keys (docs/trust-file.md).",
        HelpName = "yaml",
    }.Sets(UserInputs.TrustFile);

    /// <summary>The signing key named by the command line.</summary>
    public static SigningKey LoadKey(ParseResult parse) => SigningKey.Load(parse.GetValue(Key)!, parse.GetValue(PassphraseVariable)!);

    /// <summary>The trust file named by the command line, if any.</summary>
    public static TrustFile? LoadTrust(ParseResult parse) =>
        (parse.GetValue(Trust) ?? parse.GetValue(RequiredTrust)) is { } path ? TrustFile.Read(path) : null;
}
