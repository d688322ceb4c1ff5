namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// Declarations of the inference, loading and audit APIs the rules match by metadata name. The real
/// packages (ONNX Runtime, ML.NET) are not served here; the shapes follow their public API.
/// </summary>
internal static class Stubs
{
    public const string Source = """
        namespace Microsoft.ML.OnnxRuntime
        {
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.ML.OnnxRuntime.Tensors;

            public sealed class SessionOptions { }
            public sealed class RunOptions { }
            public sealed class ModelMetadata { public Dictionary<string, string> CustomMetadataMap { get; } = new(); }
            public sealed class InferenceResults : List<NamedOnnxValue>, IDisposable { public void Dispose() { } }
            public sealed class OrtValue : IDisposable
            {
                public static OrtValue CreateTensorValueFromMemory<T>(T[] data, long[] shape) => new();
                public void Dispose() { }
            }
            public class NamedOnnxValue
            {
                public string Name => "";
                public static NamedOnnxValue CreateFromTensor<T>(string name, Tensor<T> value) => new();
            }
            public sealed class InferenceSession : IDisposable
            {
                public InferenceSession(string modelPath) { }
                public InferenceSession(string modelPath, SessionOptions options) { }
                public InferenceSession(byte[] model) { }
                public ModelMetadata ModelMetadata { get; } = new();
                public InferenceResults Run(IReadOnlyCollection<NamedOnnxValue> inputs) => new();
                public IDisposable Run(RunOptions? options, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputValues, IReadOnlyCollection<string> outputNames) => new InferenceResults();
                public Task<InferenceResults> RunAsync(IReadOnlyCollection<NamedOnnxValue> inputs) => Task.FromResult(new InferenceResults());
                public void Dispose() { }
            }
        }

        namespace Microsoft.ML.OnnxRuntime.Tensors
        {
            public abstract class Tensor<T> { }
            public sealed class DenseTensor<T> : Tensor<T>
            {
                public DenseTensor(T[] data, int[] dimensions) { }
                public DenseTensor(System.Memory<T> data, int[] dimensions) { }
            }
        }

        namespace Microsoft.ML
        {
            public interface IDataView { }
            public sealed class DataViewSchema { }
            public interface ITransformer { IDataView Transform(IDataView input); }
            public sealed class TransformerChain<T> : ITransformer where T : class, ITransformer
            {
                public IDataView Transform(IDataView input) => input;
            }
            public sealed class PredictionEngine<TSrc, TDst> where TSrc : class where TDst : class, new()
            {
                public TDst Predict(TSrc example) => new();
            }
            public sealed class ModelOperationsCatalog
            {
                public ITransformer Load(string filePath, out DataViewSchema inputSchema) { inputSchema = new(); return null!; }
            }
            public sealed class MLContext
            {
                public ModelOperationsCatalog Model { get; } = new();
            }
        }

        namespace Microsoft.ML.Data
        {
            [System.AttributeUsage(System.AttributeTargets.Property | System.AttributeTargets.Field)]
            public sealed class LoadColumnAttribute : System.Attribute { public LoadColumnAttribute(int index) { } }
            [System.AttributeUsage(System.AttributeTargets.Property | System.AttributeTargets.Field)]
            public sealed class ColumnNameAttribute : System.Attribute { public ColumnNameAttribute(string name) { } }
        }

        namespace MlOps.Runtime
        {
            public sealed class GovernedModelOptions { public string? TrustFile { get; init; } }
            public sealed class GovernedModel : System.IDisposable
            {
                public static GovernedModel Open(string path, GovernedModelOptions? options = null) => new();
                public string Name => "credit";
                public string Version => "1.0.0";
                public string Digest => "abc";
                public float[] Predict(float[] input) => input;
                public float[] ScoreUnaudited(float[] input) => input;
                public void Dispose() { }
            }
        }

        namespace MlOps.Runtime.Auditing
        {
            public sealed class AuditJson
            {
                public static AuditJson Null { get; } = new();
                public static AuditJson FromNumbers(System.ReadOnlySpan<double> values) => new();
            }
            public sealed class AuditEntry
            {
                public AuditEntry(string modelName, string modelVersion, string artefactDigest, AuditJson input, AuditJson output) { }
            }
            public sealed class AuditRecord { }
            public sealed class AuditLog : System.IDisposable
            {
                public static AuditLog Open(string path) => new();
                public AuditRecord Append(AuditEntry entry) => new();
                public void Dispose() { }
            }
        }

        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { void Log(string message); }
            public static class LoggerExtensions
            {
                public static void LogError(this ILogger logger, System.Exception exception, string message) { }
            }
        }
        """;
}
