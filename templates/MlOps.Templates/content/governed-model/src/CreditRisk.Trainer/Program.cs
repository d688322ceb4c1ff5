using System.Globalization;
using CreditRisk.Trainer;
using MlOps;

// Usage: dotnet run --project src/CreditRisk.Trainer -- --data data/german-credit.csv --out out [--seed N]
// Progress goes to stderr; stdout carries only the model's sha256, so scripts can capture it.
// Exit codes: 0 trained, 2 bad usage or bad input (the message names the file, line and fix).
const string Usage = "Usage: --data <csv> --out <folder> [--seed <non-negative integer>]";
try
{
    string? data = null, output = null;
    var seed = TrainingOptions.DefaultSeed;
    for (var i = 0; i < args.Length; i++)
    {
        var option = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new MlOpsException($"The option '{option}' needs a value.", fix: Usage);
        switch (option)
        {
            case "--data": data = Value(); break;
            case "--out": output = Value(); break;
            case "--seed":
                var text = Value();
                if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                {
                    throw new MlOpsException($"--seed '{text}' is not a non-negative integer.", fix: Usage);
                }
                break;
            default:
                throw new MlOpsException($"Unknown option '{option}'.", fix: Usage);
        }
    }
    if (data is null || output is null)
    {
        throw new MlOpsException("--data and --out are required.", fix: Usage);
    }
    var result = TrainingRun.Execute(new TrainingOptions(data, output, seed), line => Console.Error.WriteLine($"train: {line}"));
    Console.WriteLine(result.ModelSha256);
    return 0;
}
catch (MlOpsException e)
{
    Console.Error.WriteLine($"error: {e.Describe()}");
    return 2;
}
