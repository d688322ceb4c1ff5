using MlOps.Analyzers.Rules;
using MlOps.Analyzers.Tests.Infrastructure;

namespace MlOps.Analyzers.Tests.Rules;

public sealed class InferenceWithoutLoggingTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.OnnxRuntime;
        using MlOps.Runtime;
        using MlOps.Runtime.Auditing;
        using Inputs = System.Collections.Generic.IReadOnlyDictionary<string, MlOps.Onnx.Evaluation.OnnxValue>;

        """;

    private static string InClass(string members) => Usings + """
        public sealed class Scorer
        {
            private readonly InferenceSession _session = new InferenceSession("model.onnx");
            private readonly AuditLog _audit = AuditLog.Open("audit.jsonl");
            private readonly List<NamedOnnxValue> _inputs = new();

            private AuditEntry Entry() => new AuditEntry("credit", "1.0.0", "abc", AuditJson.Null, AuditJson.Null);

        """ + members + "\n}\n";

    private static void Verify(string members, string? editorConfig = null, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(InClass(members), editorConfig, expected);

    // Microsoft.Extensions.ML is not served by the package feed here: the one API declared in test source,
    // by its full name and with its real shape.
    private const string PredictionEnginePool = """
        namespace Microsoft.Extensions.ML
        {
            public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new()
            {
                public TPrediction Predict(TData example) => new();
                public TPrediction Predict(string modelName, TData example) => new();
            }
        }

        """;

    [Fact]
    public void Run_without_any_audit_call_is_reported()
    {
        Verify("""
                public int Score()
                {
                    var results = [|_session.Run(_inputs)|];
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Run_followed_by_an_audit_append_is_not_reported()
    {
        Verify("""
                public int Score()
                {
                    var results = _session.Run(_inputs);
                    _audit.Append(Entry());
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Logging_before_the_inference_does_not_count()
    {
        Verify("""
                public int Score()
                {
                    _audit.Append(Entry());
                    var results = [|_session.Run(_inputs)|];
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Logging_in_only_one_branch_is_reported()
    {
        Verify("""
                public int Score(bool verbose)
                {
                    var results = [|_session.Run(_inputs)|];
                    if (verbose)
                    {
                        _audit.Append(Entry());
                    }

                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Logging_in_both_branches_is_not_reported()
    {
        Verify("""
                public int Score(bool verbose)
                {
                    var results = _session.Run(_inputs);
                    if (verbose)
                    {
                        _audit.Append(Entry());
                    }
                    else
                    {
                        _audit.Append(Entry());
                    }

                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Early_return_before_the_audit_call_is_reported()
    {
        Verify("""
                public int Score()
                {
                    var results = [|_session.Run(_inputs)|];
                    if (results.Count == 0)
                    {
                        return 0;
                    }

                    _audit.Append(Entry());
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Throwing_before_the_audit_call_is_not_a_normal_path()
    {
        Verify("""
                public int Score()
                {
                    var results = _session.Run(_inputs);
                    if (results.Count == 0)
                    {
                        throw new InvalidOperationException("no output");
                    }

                    _audit.Append(Entry());
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Audit_call_in_finally_covers_every_path()
    {
        Verify("""
                public int Score()
                {
                    try
                    {
                        var results = _session.Run(_inputs);
                        if (results.Count == 0)
                        {
                            return 0;
                        }

                        return results.Count;
                    }
                    finally
                    {
                        _audit.Append(Entry());
                    }
                }
            """);
    }

    [Fact]
    public void Conditional_audit_call_in_finally_is_reported()
    {
        Verify("""
                public int Score(bool audit)
                {
                    try
                    {
                        return [|_session.Run(_inputs)|].Count;
                    }
                    finally
                    {
                        if (audit)
                        {
                            _audit.Append(Entry());
                        }
                    }
                }
            """);
    }

    [Fact]
    public void Using_declaration_of_the_results_is_handled()
    {
        Verify("""
                public int Logged()
                {
                    using var results = _session.Run(_inputs);
                    _audit.Append(Entry());
                    return results.Count;
                }

                public int Unlogged()
                {
                    using var results = [|_session.Run(_inputs)|];
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Expression_bodied_member_is_reported()
    {
        Verify("""
                public int Score() => [|_session.Run(_inputs)|].Count;

                public int Count => [|_session.Run(_inputs)|].Count;
            """);
    }

    [Fact]
    public void Audit_call_taking_the_result_as_argument_counts_as_after()
    {
        Verify("""
                public void Score() => Record(_audit.Append(Entry()), _session.Run(_inputs));

                public void ScoreThenLog() => _audit.Append(Make(_session.Run(_inputs)));

                private static void Record(AuditRecord record, IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results) { }

                private AuditEntry Make(IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results) => Entry();
            """.Replace("public void Score() => Record(_audit.Append(Entry()), _session.Run(_inputs));", "public void Score() => Record(_audit.Append(Entry()), [|_session.Run(_inputs)|]);"));
    }

    [Fact]
    public void Async_run_awaited_then_logged_is_not_reported_and_unlogged_is()
    {
        Verify("""
                public async Task<int> Logged(RunOptions options, string[] names, OrtValue[] values, string[] outputNames, OrtValue[] outputs)
                {
                    var results = await _session.RunAsync(options, names, values, outputNames, outputs);
                    await Task.Yield();
                    _audit.Append(Entry());
                    return results.Count;
                }

                public async Task<int> Unlogged(RunOptions options, string[] names, OrtValue[] values, string[] outputNames, OrtValue[] outputs)
                {
                    var results = await [|_session.RunAsync(options, names, values, outputNames, outputs)|];
                    await Task.Yield();
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Lambda_is_its_own_function()
    {
        Verify("""
                public Func<int> Unlogged() => () => [|_session.Run(_inputs)|].Count;

                public Func<int> Logged() => () =>
                {
                    var results = _session.Run(_inputs);
                    _audit.Append(Entry());
                    return results.Count;
                };

                public int LoggedOutsideTheLambda()
                {
                    Func<int> score = () => [|_session.Run(_inputs)|].Count;
                    var count = score();
                    _audit.Append(Entry());
                    return count;
                }
            """);
    }

    [Fact]
    public void Local_function_that_always_logs_counts_as_logging()
    {
        Verify("""
                public int Score()
                {
                    var results = _session.Run(_inputs);
                    Audit();
                    return results.Count;

                    void Audit() => _audit.Append(Entry());
                }

                public int ScoreInLocalFunction()
                {
                    return Run();

                    int Run() => [|_session.Run(_inputs)|].Count;
                }

                public int SometimesLogs(bool flag)
                {
                    var results = [|_session.Run(_inputs)|];
                    Maybe();
                    return results.Count;

                    void Maybe()
                    {
                        if (flag)
                        {
                            _audit.Append(Entry());
                        }
                    }
                }
            """);
    }

    [Fact]
    public void Loop_with_audit_inside_after_each_run_is_not_reported()
    {
        Verify("""
                public void ScoreAll(int n)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var results = _session.Run(_inputs);
                        _audit.Append(Entry());
                    }
                }

                public void ScoreAllThenLogOnce(int n)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var results = _session.Run(_inputs);
                        if (results.Count == 0) break;
                    }

                    _audit.Append(Entry());
                }
            """);
    }

    [Fact]
    public void GovernedModel_predict_is_audited_and_score_unaudited_is_inference()
    {
        Verify("""
                public Inputs Audited(GovernedModel model, Inputs x) => model.Predict(x);

                public Inputs Raw(GovernedModel model, Inputs x) => [|model.ScoreUnaudited(x)|];

                public Inputs RawThenPredict(GovernedModel model, Inputs x)
                {
                    var raw = model.ScoreUnaudited(x);
                    return model.Predict(raw);
                }
            """);
    }

    [Fact]
    public void MlNet_prediction_engine_and_transformer_are_inference()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(InClass("""
                public sealed class In { public float X { get; set; } }
                public sealed class Out { public float Score { get; set; } }

                public Out Predict(PredictionEngine<In, Out> engine, In x) => {|#0:engine.Predict(x)|};

                public Out Created(MLContext ml, ITransformer model, In x) => [|ml.Model.CreatePredictionEngine<In, Out>(model).Predict(x)|];

                public Out Reused(PredictionEngine<In, Out> engine, In x)
                {
                    var output = new Out();
                    [|engine.Predict(x, ref output)|];
                    return output;
                }

                public Out Pooled(Microsoft.Extensions.ML.PredictionEnginePool<In, Out> pool, In x) => [|pool.Predict("credit", x)|];

                public IDataView Transform(ITransformer model, IDataView data) => [|model.Transform(data)|];

                public IDataView Chain(TransformerChain<ITransformer> chain, IDataView data) => [|chain.Transform(data)|];
            """).Replace("public sealed class Scorer", PredictionEnginePool + "public sealed class Scorer", StringComparison.Ordinal),
            null,
            AnalyzerVerifier.Diagnostic<InferenceWithoutLoggingAnalyzer>().WithLocation(0)
                .WithMessage("'PredictionEngine.Predict' scores a model, but a path from this call to the end of 'Predict' writes no audit record"));
    }

    [Fact]
    public void Every_run_overload_of_the_real_session_is_inference()
    {
        Verify("""
                public void Preallocated(RunOptions options, string[] names, OrtValue[] values, string[] outputNames, OrtValue[] outputs) =>
                    [|_session.Run(options, names, values, outputNames, outputs)|];

                public int Named(string[] outputNames) => [|_session.Run(_inputs, outputNames)|].Count;

                public int Dictionary(RunOptions options, Dictionary<string, OrtValue> inputs, string[] outputNames) =>
                    [|_session.Run(options, inputs, outputNames)|].Count;

                public int Bound(RunOptions options, OrtIoBinding binding) => [|_session.RunWithBoundResults(options, binding)|].Count;

                public int Logged(RunOptions options, string[] names, OrtValue[] values, string[] outputNames)
                {
                    using var results = _session.Run(options, names, values, outputNames);
                    _audit.Append(Entry());
                    return results.Count;
                }
            """);
    }

    [Fact]
    public void Top_level_statements_are_analyzed()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(Usings + """
            using var session = new InferenceSession("model.onnx");
            var results = [|session.Run(new List<NamedOnnxValue>())|];
            Console.WriteLine(results.Count);
            """);
    }

    [Fact]
    public void Generated_code_is_skipped()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>("// <auto-generated/>\n" + InClass("""
                public int Score() => _session.Run(_inputs).Count;
            """));
    }

    [Fact]
    public void Editorconfig_names_inference_and_logging_methods()
    {
        var source = Usings + """
            namespace Contoso.Scoring
            {
                public sealed class Scorer { public int Score(int x) => x; public int Other(int x) => x; }
                public static class Journal { public static void Write(string version, int value) { } }
                public sealed class Wrapper { public int A() => 1; public int B() => 2; }

                public sealed class Service
                {
                    public int Logged(Scorer s)
                    {
                        var y = s.Score(1);
                        Journal.Write("1.0.0", y);
                        return y;
                    }

                    public int Unlogged(Scorer s) => [|s.Score(1)|] + s.Other(2);

                    public int Whole(Wrapper w) => [|w.A()|] + [|w.B()|];
                }
            }
            """;
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(
            source,
            "[*.cs]\nmlops.inference_methods = Contoso.Scoring.Scorer.Score, Contoso.Scoring.Wrapper.*, Missing.Type.Method\nmlops.logging_methods = Contoso.Scoring.Journal.Write\n");
    }

    [Fact]
    public void Message_names_the_call_and_the_function()
    {
        AnalyzerVerifier.Verify<InferenceWithoutLoggingAnalyzer>(
            InClass("""
                public int Score() => {|#0:_session.Run(_inputs)|}.Count;
            """),
            null,
            AnalyzerVerifier.Diagnostic<InferenceWithoutLoggingAnalyzer>()
                .WithLocation(0)
                .WithMessage("'InferenceSession.Run' scores a model, but a path from this call to the end of 'Score' writes no audit record"));
    }

    [Fact]
    public void Severity_is_configurable_in_editorconfig()
    {
        // The testing library does not apply .editorconfig severities (only the options): a workspace does.
        var source = InClass("""
                public int Score() => _session.Run(_inputs).Count;
            """);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Assert.Single(EditorConfigSeverity.Diagnostics<InferenceWithoutLoggingAnalyzer>(source, "error")).Severity);
        Assert.Empty(EditorConfigSeverity.Diagnostics<InferenceWithoutLoggingAnalyzer>(source, "none"));
    }

    [Fact]
    public void Fix_appends_an_audit_record_with_the_session_identity_after_the_statement()
    {
        CodeFixVerifier.Verify<InferenceWithoutLoggingAnalyzer, MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix>(
            """
            using System.Collections.Generic;
            using Microsoft.ML.OnnxRuntime;

            public sealed class Scorer
            {
                private readonly MlOps.Runtime.Auditing.AuditLog _audit;
                private readonly InferenceSession _session;

                public Scorer(MlOps.Runtime.Auditing.AuditLog audit, InferenceSession session) => (_audit, _session) = (audit, session);

                public int Score(List<NamedOnnxValue> inputs)
                {
                    using var results = [|_session.Run(inputs)|];
                    return results.Count;
                }
            }
            """,
            """
            using System.Collections.Generic;
            using Microsoft.ML.OnnxRuntime;
            using MlOps.Runtime.Auditing;

            public sealed class Scorer
            {
                private readonly MlOps.Runtime.Auditing.AuditLog _audit;
                private readonly InferenceSession _session;

                public Scorer(MlOps.Runtime.Auditing.AuditLog audit, InferenceSession session) => (_audit, _session) = (audit, session);

                public int Score(List<NamedOnnxValue> inputs)
                {
                    using var results = _session.Run(inputs);
                    _audit.Append(new AuditEntry(_session.ModelMetadata.CustomMetadataMap["mlops.name"], _session.ModelMetadata.CustomMetadataMap["mlops.version"], _session.ModelMetadata.CustomMetadataMap["mlops.digest.source"], AuditJson.Null, AuditJson.Null));
                    return results.Count;
                }
            }
            """);
    }

    [Fact]
    public void Fix_splits_a_returned_inference_and_prefers_a_local_audit_log()
    {
        CodeFixVerifier.Verify<InferenceWithoutLoggingAnalyzer, MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix>(
            """
            using System.Collections.Generic;
            using Microsoft.ML.OnnxRuntime;
            using MlOps.Runtime.Auditing;

            public static class Scorer
            {
                public static IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Score(InferenceSession session, AuditLog log, List<NamedOnnxValue> inputs)
                {
                    return [|session.Run(inputs)|];
                }
            }
            """,
            """
            using System.Collections.Generic;
            using Microsoft.ML.OnnxRuntime;
            using MlOps.Runtime.Auditing;

            public static class Scorer
            {
                public static IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Score(InferenceSession session, AuditLog log, List<NamedOnnxValue> inputs)
                {
                    var inferenceResult = session.Run(inputs);
                    log.Append(new AuditEntry(session.ModelMetadata.CustomMetadataMap["mlops.name"], session.ModelMetadata.CustomMetadataMap["mlops.version"], session.ModelMetadata.CustomMetadataMap["mlops.digest.source"], AuditJson.Null, AuditJson.Null));
                    return inferenceResult;
                }
            }
            """);
    }

    [Fact]
    public void Fix_works_in_top_level_statements()
    {
        CodeFixVerifier.Verify<InferenceWithoutLoggingAnalyzer, MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix>(
            """
            using System;
            using System.Collections.Generic;
            using Microsoft.ML.OnnxRuntime;
            using MlOps.Runtime.Auditing;

            using var audit = AuditLog.Open("audit.jsonl");
            using var session = new InferenceSession("model.onnx");
            var results = [|session.Run(new List<NamedOnnxValue>())|];
            Console.WriteLine(results.Count);
            """,
            """
            using System;
            using System.Collections.Generic;
            using Microsoft.ML.OnnxRuntime;
            using MlOps.Runtime.Auditing;

            using var audit = AuditLog.Open("audit.jsonl");
            using var session = new InferenceSession("model.onnx");
            var results = session.Run(new List<NamedOnnxValue>());
            audit.Append(new AuditEntry(session.ModelMetadata.CustomMetadataMap["mlops.name"], session.ModelMetadata.CustomMetadataMap["mlops.version"], session.ModelMetadata.CustomMetadataMap["mlops.digest.source"], AuditJson.Null, AuditJson.Null));
            Console.WriteLine(results.Count);
            """);
    }

    [Fact]
    public void Fix_switches_score_unaudited_to_predict()
    {
        CodeFixVerifier.Verify<InferenceWithoutLoggingAnalyzer, MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix>(
            """
            using MlOps.Runtime;
            using Inputs = System.Collections.Generic.IReadOnlyDictionary<string, MlOps.Onnx.Evaluation.OnnxValue>;

            public static class Scorer
            {
                public static Inputs Score(GovernedModel model, Inputs x) => [|model.ScoreUnaudited(x)|];
            }
            """,
            """
            using MlOps.Runtime;
            using Inputs = System.Collections.Generic.IReadOnlyDictionary<string, MlOps.Onnx.Evaluation.OnnxValue>;

            public static class Scorer
            {
                public static Inputs Score(GovernedModel model, Inputs x) => model.Predict(x);
            }
            """);
    }

    [Fact]
    public void Fix_is_not_offered_without_an_audit_log_in_scope_or_for_engines_without_identity()
    {
        CodeFixVerifier.VerifyNoFix<InferenceWithoutLoggingAnalyzer, MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix>(
            """
            using System.Collections.Generic;
            using Microsoft.ML;
            using Microsoft.ML.OnnxRuntime;
            using MlOps.Runtime.Auditing;

            public static class Scorer
            {
                public static int NoLog(InferenceSession session, List<NamedOnnxValue> inputs) => [|session.Run(inputs)|].Count;

                public static IDataView Engine(ITransformer model, IDataView data, AuditLog log)
                {
                    var output = [|model.Transform(data)|];
                    return output;
                }
            }
            """);
    }

    [Fact]
    public void Fix_all_audits_every_inference_in_the_document()
    {
        CodeFixVerifier.Verify<InferenceWithoutLoggingAnalyzer, MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix>(
            """
            using MlOps.Runtime;
            using Inputs = System.Collections.Generic.IReadOnlyDictionary<string, MlOps.Onnx.Evaluation.OnnxValue>;

            public static class Scorer
            {
                public static Inputs A(GovernedModel model, Inputs x) => [|model.ScoreUnaudited(x)|];
                public static Inputs B(GovernedModel model, Inputs x) => [|model.ScoreUnaudited(x)|];
            }
            """,
            """
            using MlOps.Runtime;
            using Inputs = System.Collections.Generic.IReadOnlyDictionary<string, MlOps.Onnx.Evaluation.OnnxValue>;

            public static class Scorer
            {
                public static Inputs A(GovernedModel model, Inputs x) => model.Predict(x);
                public static Inputs B(GovernedModel model, Inputs x) => model.Predict(x);
            }
            """);
    }
}
