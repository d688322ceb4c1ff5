namespace MlOps.Release.Tests.TestSupport;

/// <summary>The shared data sets and schemas beside the repository (../shared, as for every test project).</summary>
internal static class SharedFiles
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return System.IO.Path.Combine([dir.FullName, "..", "shared", .. parts]);
            }
        }
        throw new InvalidOperationException("MlOpsBuild.sln not found above the test binaries.");
    }

    /// <summary>The Adult census predictions of a random forest: y_true, y_pred, score, sex, race.</summary>
    public static string AdultPredictions => Path("data", "adult", "adult-rf.predictions.csv");

    /// <summary>The Adult census training set.</summary>
    public static string AdultTraining => Path("data", "adult", "adult-train.csv");

    /// <summary>The folder of the official CycloneDX schemas (bom-1.6, spdx, jsf).</summary>
    public static string CycloneDxSchemas => Path("schemas", "cyclonedx");
}
