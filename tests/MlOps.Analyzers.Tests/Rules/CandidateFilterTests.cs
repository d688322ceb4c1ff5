using MlOps.Analyzers.Rules;
using MlOps.Analyzers.Tests.Infrastructure;

namespace MlOps.Analyzers.Tests.Rules;

/// <summary>
/// MLOPS001 skips members whose source cannot name an inference method (a speed measure). These cases call
/// one without its plain name appearing in the source, so they must still be reported.
/// </summary>
public sealed class CandidateFilterTests
{
    private const string Usings = """
        using System.Collections;
        using System.Collections.Generic;
        using Microsoft.ML.OnnxRuntime;

        """;

    [Fact]
    public void Inference_spelled_with_a_unicode_escape_is_reported()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(Usings + """
            public sealed class Scorer
            {
                private readonly InferenceSession _session = new InferenceSession("model.onnx");
                private readonly List<NamedOnnxValue> _inputs = new();

                public int Score() => [|_session.\u0052un(_inputs)|].Count;
            }
            """);
    }

    [Fact]
    public void Implicit_collection_initializer_call_to_a_configured_method_is_reported()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(
            Usings + """
            namespace Contoso
            {
                public sealed class Batch : IEnumerable
                {
                    public void Add(int row) { }
                    public IEnumerator GetEnumerator() => throw new System.NotSupportedException();
                }

                public static class Service
                {
                    public static Batch Build() => new Batch { [|1|] };
                }
            }
            """,
            "[*.cs]\nmlops.inference_methods = Contoso.Batch.Add\n");
    }

    [Fact]
    public void Delegate_invocation_of_a_configured_delegate_is_reported()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(
            Usings + """
            namespace Contoso
            {
                public delegate int ScoreFn(int x);

                public static class Service
                {
                    public static int Score(ScoreFn model) => [|model(1)|];
                }
            }
            """,
            "[*.cs]\nmlops.inference_methods = Contoso.ScoreFn.Invoke\n");
    }
}
