using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Tests.Scoring;

/// <summary>The cell access the perturbing stages (explanations, robustness) use: read, change and copy a batch.</summary>
public sealed class InputBatchCellTests : IDisposable
{
    private const string Ml = "ai.onnx.ml";
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-batch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // y = 2a - b + 0.5 on inputs a, b (one column each) and a text input c the model ignores.
    private static InferenceSession Session() => InferenceSession.Load(new OnnxModelBuilder()
        .Input("a", OnnxDataType.Float, "N", 1).Input("b", OnnxDataType.Float, "N", 1).Input("c", OnnxDataType.String, "N", 1)
        .Output("y", OnnxDataType.Float, "N", 1)
        .Node("Concat", ["a", "b"], ["ab"], [OnnxAttribute.Of("axis", 1L)])
        .Node("LinearRegressor", ["ab"], ["y"], [OnnxAttribute.Of("coefficients", new[] { 2f, -1f }), OnnxAttribute.Of("intercepts", new[] { 0.5f })], domain: Ml)
        .ToBytes().AsMemory());

    private (InputBinding.InputBatch Batch, InputBinding Binding, ITableReader Reader) Read(InferenceSession session)
    {
        var path = Path.Combine(_folder, "data.csv");
        File.WriteAllText(path, "c,a,b\nx,1,2\ny,3,0.25\n");
        var reader = TableReader.Open(path);
        var binding = InputBinding.Create(session, reader);
        var batch = binding.CreateBatch(4);
        while (reader.Read())
        {
            batch.Add(reader);
        }
        return (batch, binding, reader);
    }

    private static float[] Score(InferenceSession session, InputBinding.InputBatch batch) =>
        ((Tensor<float>)session.Run(batch.ToInputs())["y"]).Data;

    [Fact]
    public void A_changed_cell_is_what_the_model_scores_and_a_copy_keeps_the_original()
    {
        var session = Session();
        var (batch, binding, reader) = Read(session);
        using (reader)
        {
            var copy = binding.CreateBatch(4);
            batch.CopyTo(copy);
            Assert.False(batch.IsText(1));
            Assert.True(batch.IsText(0));
            Assert.Equal(3, batch.GetNumber(1, 1));
            Assert.Equal("y", batch.GetText(1, 0));

            batch.SetNumber(0, 1, 10);
            batch.SetText(0, 0, "z");
            Assert.Equal([18.5f, 6.25f], Score(session, batch));
            Assert.Equal("z", batch.GetText(0, 0));
            Assert.Equal([0.5f, 6.25f], Score(session, copy));
        }
    }

    [Fact]
    public void Cells_outside_the_batch_or_the_binding_are_refused()
    {
        var session = Session();
        var (batch, _, reader) = Read(session);
        using (reader)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetNumber(2, 1));
            Assert.Throws<ArgumentException>(() => batch.GetNumber(0, 7));
            Assert.Throws<InvalidOperationException>(() => batch.GetText(0, 1));
            Assert.Throws<InvalidOperationException>(() => batch.SetNumber(0, 0, 1));
        }
    }

    [Fact]
    public void A_range_of_rows_copies_into_a_batch_of_its_own()
    {
        var session = Session();
        var (batch, binding, reader) = Read(session);
        using (reader)
        {
            var part = binding.CreateBatch(1);
            batch.CopyTo(part, 1, 1);
            Assert.Equal(1, part.Count);
            Assert.Equal("y", part.GetText(0, 0));
            Assert.Equal([6.25f], Score(session, part));
            Assert.Throws<ArgumentOutOfRangeException>(() => batch.CopyTo(binding.CreateBatch(4), 1, 2));
            Assert.Throws<ArgumentException>(() => batch.CopyTo(part, 0, 2));
        }
    }

    [Fact]
    public void Refill_takes_the_rows_the_filter_keeps_until_full_and_says_when_the_data_ended()
    {
        var path = Path.Combine(_folder, "many.csv");
        File.WriteAllText(path, "c,a,b\n" + string.Concat(Enumerable.Range(1, 7).Select(i => $"r{i},{i},0\n")));
        using var reader = TableReader.Open(path);
        var batch = InputBinding.Create(Session(), reader).CreateBatch(2);
        var lines = new List<long>();
        var taken = new List<double>();
        var more = true;
        while (more)
        {
            more = batch.Refill(reader, (r, _) => lines.Add(r.LineNumber), r => r.GetDouble(1) % 2 == 1);
            for (var i = 0; i < batch.Count; i++)
            {
                taken.Add(batch.GetNumber(i, 1));
            }
        }
        Assert.Equal([1, 3, 5, 7], taken);
        Assert.Equal([2L, 4, 6, 8], lines);
    }
}
