using System.CommandLine;
using MlOps.Attestations.Keys;
using MlOps.Cli.Shell;
using MlOps.Release.Signing;

namespace MlOps.Cli.Commands;

/// <summary>`mlops sign`: sign the provenance the build recorded (when the build had no key).</summary>
public static class SignCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var artefact = new Argument<string>("artefact") { Description = "The .mlpkg artefact; its bundle <artefact>.intoto.jsonl is beside it." };
        var command = new Command("sign", "Sign the artefact's provenance with a key: appends the signed statement to <artefact>.intoto.jsonl. Exit 0 signed, 1 artefact not intact, 2 bad input.");
        command.Arguments.Add(artefact);
        command.Options.Add(SigningOptions.Key);
        command.Options.Add(SigningOptions.PassphraseVariable);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var path = parse.GetValue(artefact)!;
            using var key = SigningOptions.LoadKey(parse);
            if (IntactArtefact.Check(path, "signed") is not { } subject)
            {
                return ExitCodes.Failed;
            }
            var signed = ProvenanceSigning.Sign(path, subject, key);
            Console.Out.WriteLine(signed.Appended
                ? $"signed: provenance of {subject.Name} with key {KeyId.Short(key.Id)}… (line {signed.Line} of {subject.Name}.intoto.jsonl)"
                : $"already signed: provenance of {subject.Name} by key {KeyId.Short(key.Id)}… (line {signed.Line}); nothing written");
            return ExitCodes.Passed;
        }));
        return command;
    }
}
