namespace MlOps.Engines.MlNet.Tests;

[Collection(CreditModelsCollection.Name)]
public sealed class MulticlassEvaluationTests(CreditModels models)
{
    [Fact]
    public void Dump() => File.Copy(models.MulticlassOnnx, "/tmp/mc-multiclass.onnx", true);
}
