// Usage: MlOps.Catalog.Racer <catalog> <go-file> <model> <versions>
// Opens the catalog (racing the others through the migration of a fresh one), prints "ready", waits until the
// go-file exists, registers <model> 1.0.0 .. <versions>.0.0 (the same digests in every process) and prints one
// "created <version>" or "existing <version>" line per registration. An MlOpsException prints its code and message
// on stderr and exits 2, as the CLI does.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlOps;
using MlOps.Catalog.Location;
using MlOps.Catalog.Store;

var (catalog, goFile, model, versions) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
try
{
    using var store = CatalogLocation.Open(catalog, TimeSpan.FromSeconds(60));
    Console.WriteLine("ready");
    while (!File.Exists(goFile))
    {
        Thread.Sleep(5);
    }
    for (var i = 1; i <= versions; i++)
    {
        var version = $"{i}.0.0";
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{model}@{version}")));
        var record = new VersionRecord(model, version, digest, digest, 1, model, "{}", "{}", "low", "minimal", null, null, null,
            Stage.Candidate, DateTimeOffset.UtcNow, $"racer-{Environment.ProcessId}");
        var line = $"attestation of {version} from {Environment.ProcessId}";
        var attestation = new StoredAttestation(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line))), "t", null, line);
        var outcome = store.Register(record, [attestation]);
        Console.WriteLine($"{(outcome.Created ? "created" : "existing")} {version}");
    }
    return 0;
}
catch (MlOpsException e)
{
    Console.Error.WriteLine(e.Describe());
    return 2;
}
