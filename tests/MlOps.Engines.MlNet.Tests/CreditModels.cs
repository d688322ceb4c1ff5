using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>
/// Real ML.NET models trained once on the German credit data (SDCA logistic regression and FastTree binary
/// classifiers, an SDCA regression, an SDCA maximum-entropy multiclass classifier), saved as ML.NET saves them
/// (<c>Model.Save(model, data.Schema, path)</c>), with the data they score.
/// </summary>
public sealed class CreditModels : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-mlnet-");

    /// <summary>Trains and saves the models.</summary>
    public CreditModels()
    {
        Data = Path.Combine(RepositoryRoot(), "..", "shared", "data", "german-credit.csv");
        Context = new MLContext(seed: 1);
        var data = Context.Data.LoadFromTextFile(Data, new TextLoader.Options
        {
            HasHeader = true,
            Separators = [','],
            Columns =
            [
                new TextLoader.Column("checking_status", DataKind.String, 0),
                new TextLoader.Column("duration_months", DataKind.Single, 1),
                new TextLoader.Column("purpose", DataKind.String, 3),
                new TextLoader.Column("credit_amount", DataKind.Double, 4),
                new TextLoader.Column("savings", DataKind.String, 5),
                new TextLoader.Column("age", DataKind.Int32, 12),
                new TextLoader.Column("existing_credits", DataKind.Int64, 15),
                new TextLoader.Column("sex", DataKind.String, 20),
                new TextLoader.Column("credit_risk", DataKind.String, 21),
            ],
        });
        Schema = data.Schema;
        var ml = Context;
        IEstimator<ITransformer> Features(params string[] categorical) =>
            ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(c => new InputOutputColumnPair(c + "_hot", c))])
                .Append(ml.Transforms.Conversion.ConvertType(
                    [new InputOutputColumnPair("amount", "credit_amount"), new InputOutputColumnPair("years", "age"), new InputOutputColumnPair("credits", "existing_credits")],
                    DataKind.Single))
                .Append(ml.Transforms.Concatenate("Features", [.. categorical.Select(c => c + "_hot"), "amount", "years", "credits", "duration_months"]))
                .Append(ml.Transforms.NormalizeMinMax("Features"));
        var good = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["good"] = true, ["bad"] = false }, "credit_risk");

        Sdca = Save("sdca", Features("checking_status", "purpose", "savings").Append(good)
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50)).Fit(data));
        FastTree = Save("fasttree", Features("checking_status", "purpose", "savings").Append(good)
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 20)).Fit(data));
        Regression = Save("regression", ml.Transforms.CopyColumns("Label", "duration_months")
            .Append(ml.Transforms.Categorical.OneHotEncoding([new InputOutputColumnPair("checking_hot", "checking_status"), new InputOutputColumnPair("savings_hot", "savings")]))
            .Append(ml.Transforms.Conversion.ConvertType([new InputOutputColumnPair("amount", "credit_amount"), new InputOutputColumnPair("years", "age")], DataKind.Single))
            .Append(ml.Transforms.Concatenate("Features", "checking_hot", "savings_hot", "amount", "years"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 50)).Fit(data));
        var multiclass = Features("purpose", "savings")
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", "checking_status"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 50))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);
        Multiclass = Save("multiclass", multiclass);
        MulticlassOnnx = _dir.File("multiclass.onnx");
        using (var onnx = System.IO.File.Create(MulticlassOnnx))
        {
            ml.Model.ConvertToOnnx(multiclass, data, onnx, "PredictedLabel", "Score");
        }
    }

    /// <summary>The seeded context the models were trained with.</summary>
    public MLContext Context { get; }

    /// <summary>The German credit CSV (1,000 rows).</summary>
    public string Data { get; }

    /// <summary>The schema the models were saved with.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>Binary: SDCA logistic regression (calibrated).</summary>
    public string Sdca { get; }

    /// <summary>Binary: FastTree (calibrated).</summary>
    public string FastTree { get; }

    /// <summary>Regression: SDCA, predicting the duration.</summary>
    public string Regression { get; }

    /// <summary>Multiclass: SDCA maximum entropy, predicting the checking status (PredictedLabel mapped back to text).</summary>
    public string Multiclass { get; }

    /// <summary>The multiclass model exported with Microsoft.ML.OnnxConverter (outputs PredictedLabel and Score; the class names live in the graph).</summary>
    public string MulticlassOnnx { get; }

    /// <summary>The multiclass model's classes (checking_status values) in the model's order.</summary>
    public static IReadOnlyList<string> MulticlassClasses { get; } = ["lt_0", "0_to_200", "no_account", "ge_200"];

    /// <summary>Every model.</summary>
    public IEnumerable<string> All => [Sdca, FastTree, Regression, Multiclass];

    /// <summary>A path in the fixture's folder.</summary>
    public string File(string name) => _dir.File(name);

    /// <summary>The data as ML.NET reads it with the models' schema.</summary>
    public IDataView LoadData() => Context.Data.LoadFromEnumerable(CreditRow.ReadAll(Data));

    /// <summary>What ML.NET itself predicts for every row of the data (the visible output columns, by name).</summary>
    public IDataView Predict(string model) => Context.Model.Load(model, out _).Transform(LoadData());

    private string Save(string name, ITransformer model)
    {
        var path = _dir.File(name + ".zip");
        Context.Model.Save(model, Schema, path);
        return path;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MlOpsBuild.sln not found above " + AppContext.BaseDirectory);
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}

/// <summary>One fixture for every test class that needs the trained models (training runs once).</summary>
[CollectionDefinition(Name)]
public sealed class CreditModelsCollection : ICollectionFixture<CreditModels>
{
    /// <summary>The collection name.</summary>
    public const string Name = "credit models";
}
