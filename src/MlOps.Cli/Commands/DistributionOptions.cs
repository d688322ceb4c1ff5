using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Distribution.Registry;
using MlOps.Distribution.Transfer;

namespace MlOps.Cli.Commands;

/// <summary>What `mlops push` and `mlops pull` share: the plain-HTTP option and the report of an artefact that is not intact.</summary>
internal static class DistributionOptions
{
    /// <summary>Plain HTTP to a registry that is not on the loopback (loopback registries always get plain HTTP).</summary>
    public static Option<bool> PlainHttp { get; } = new("--plain-http")
    {
        Description = "Speak plain HTTP to the registry (default: HTTPS, except for localhost and 127.0.0.1, which always get HTTP).",
    };

    /// <summary>The client options the parse asks for (credentials from the environment or the Docker config).</summary>
    public static RegistryClientOptions ClientOptions(ParseResult parse) => new() { PlainHttp = parse.GetValue(PlainHttp) };

    /// <summary>Runs <paramref name="body"/>; an artefact that is not intact is listed difference by difference on stdout, as
    /// `mlops verify` lists it, before the error line (exit 2 through the guard).</summary>
    public static T Report<T>(string path, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (ArtefactNotIntactException e)
        {
            IntactArtefact.ListDifferences(e.File ?? path, e.Verification);
            throw;
        }
    }
}
