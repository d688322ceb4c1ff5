using System.CommandLine;
using MlOps.Attestations.Keys;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;

namespace MlOps.Cli.Commands;

/// <summary>`mlops key new`: make an ECDSA P-256 key pair for signing attestations.</summary>
public static class KeyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "The key pair's path without extension: writes <path>.key (private, owner-only) and <path>.pub.",
            HelpName = "path",
            Required = true,
        }.Sets(UserInputs.SigningKey);
        var passphrase = new Option<string?>("--passphrase-env")
        {
            Description = "Encrypt the private key with the passphrase held in this environment variable (never pass a passphrase as an argument).",
            HelpName = "variable",
        };
        var create = new Command("new", "Make a new key pair: <path>.key (PKCS#8 PEM, mode 0600) and <path>.pub (SPKI PEM); prints the key id.");
        create.Options.Add(output);
        create.Options.Add(passphrase);
        create.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            string? secret = null;
            if (parse.GetValue(passphrase) is { } variable)
            {
                secret = Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrEmpty(secret))
                {
                    throw new MlOpsException($"The environment variable {variable} is not set, so the key cannot be encrypted with it.",
                        fix: $"Set {variable} to the passphrase first, or leave out --passphrase-env for an unencrypted key.", diagnostic: DiagnosticCatalog.KeyPassphrase);
                }
            }
            var (privatePath, publicPath, keyId) = KeyFiles.Create(parse.GetValue(output)!, secret);
            Console.Out.WriteLine($"private key: {privatePath} ({(secret is null ? "not encrypted" : "encrypted")}, readable by you only; never share it)");
            Console.Out.WriteLine($"public key:  {publicPath}");
            Console.Out.WriteLine($"key id:      {keyId}");
            Console.Out.WriteLine("Add the public key to the trust file (docs/trust-file.md) under the principal who holds it.");
            return ExitCodes.Passed;
        }));
        var command = new Command("key", "Manage signing keys.");
        command.Subcommands.Add(create);
        return command;
    }
}
