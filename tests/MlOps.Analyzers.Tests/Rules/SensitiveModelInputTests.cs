using MlOps.Analyzers.Infrastructure;
using MlOps.Analyzers.Rules;
using MlOps.Analyzers.Tests.Infrastructure;

namespace MlOps.Analyzers.Tests.Rules;

public sealed class SensitiveModelInputTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using Microsoft.ML.Data;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        """;

    [Theory]
    [InlineData("Sex", "sex")]
    [InlineData("sex_code", "sex")]
    [InlineData("ApplicantSex", "sex")]
    [InlineData("MaritalStatus", "marital status")]
    [InlineData("marital_status", "marital status")]
    [InlineData("AGE", "age")]
    [InlineData("AgeGroup", "age")]
    [InlineData("EthnicityCode", "ethnicity")]
    [InlineData("is-pregnancy-related", "pregnancy")]
    public void Sensitive_names_match_word_by_word(string identifier, string expected)
    {
        Assert.Equal(expected, SensitiveNames.Default.Match(identifier));
    }

    [Theory]
    [InlineData("Message")]
    [InlineData("Usage")]
    [InlineData("Page")]
    [InlineData("Stage")]
    [InlineData("Trace")]
    [InlineData("Marital")]
    [InlineData("Status")]
    [InlineData("Average")]
    [InlineData("Sussex")]
    public void Words_that_merely_contain_a_sensitive_name_do_not_match(string identifier)
    {
        Assert.Null(SensitiveNames.Default.Match(identifier));
    }

    [Fact]
    public void MlNet_input_columns_with_sensitive_names_are_reported()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(Usings + """
            public sealed class Applicant
            {
                [LoadColumn(0)] public float {|MLOPS004:Age|} { get; set; }
                [LoadColumn(1)] public string {|MLOPS004:MaritalStatus|} { get; set; } = "";
                [LoadColumn(2)] public float Income { get; set; }
                [LoadColumn(3)] public float Usage { get; set; }
                [ColumnName("personal_status_sex")] public string {|MLOPS004:Status|} { get; set; } = "";
                public string Sex { get; set; } = "";
            }
            """);
    }

    [Fact]
    public void Sensitive_values_in_a_feature_array_that_reaches_a_tensor_are_reported()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(Usings + """
            public sealed record Person(float Age, float Income, float Sex, float Pages);

            public static class Features
            {
                public static List<NamedOnnxValue> Direct(Person p) =>
                    new() { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(new[] { [|p.Age|], p.Income }, new[] { 1, 2 })) };

                public static DenseTensor<float> ViaLocal(Person p, float sex_code)
                {
                    var features = new float[] { p.Income, [|sex_code|], p.Pages };
                    return new DenseTensor<float>(features, new[] { 1, 3 });
                }

                public static float[] NotAnInput(Person p) => new[] { p.Age, p.Sex };
            }
            """);
    }

    [Fact]
    public void Constant_onnx_input_names_are_reported()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(Usings + """
            public static class Features
            {
                public static NamedOnnxValue Named(Tensor<float> t) => NamedOnnxValue.CreateFromTensor([|"gender"|], t);
                public static NamedOnnxValue Fine(Tensor<float> t) => NamedOnnxValue.CreateFromTensor("income", t);
                public static System.IDisposable Run(InferenceSession s, OrtValue a, OrtValue b) =>
                    s.Run(null, new[] { "income", [|"race"|] }, new[] { a, b }, new[] { "score" });
                public static System.IDisposable RunDictionary(InferenceSession s, RunOptions o, OrtValue a, OrtValue b) =>
                    s.Run(o, new Dictionary<string, OrtValue> { ["income"] = a, [[|"age"|]] = b }, new[] { "score" });
                public static System.IDisposable RunDictionaryAdd(InferenceSession s, RunOptions o, OrtValue a) =>
                    s.Run(o, new Dictionary<string, OrtValue> { { [|"ethnicity"|], a } }, new[] { "score" });
                public static System.IDisposable RunNamed(InferenceSession s, Tensor<float> t) =>
                    s.Run(new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor([|"sex"|], t) });
            }
            """);
    }

    [Fact]
    public void Editorconfig_list_replaces_the_default()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(
            Usings + """
            public sealed class Applicant
            {
                [LoadColumn(0)] public float Age { get; set; }
                [LoadColumn(1)] public string {|MLOPS004:PostCode|} { get; set; } = "";
                [LoadColumn(2)] public string {|MLOPS004:ForeignWorker|} { get; set; } = "";
            }
            """,
            "[*.cs]\nmlops.sensitive_names = post code, foreign_worker\n");
    }

    [Fact]
    public void Generated_code_is_skipped()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>("// <auto-generated/>\n" + Usings + """
            public sealed class Applicant
            {
                [LoadColumn(0)] public float Age { get; set; }
            }
            """);
    }

    // ML.NET reads every public field and property of an input type; attributes are optional. The rule
    // recognises the type by how it is used. Microsoft.Extensions.ML is not served by the package feed here, so
    // PredictionEnginePool is the one API declared in the test source (by its full name, with ML.NET's shape).
    private const string MlNet = """
        using System.Collections.Generic;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Microsoft.Extensions.ML
        {
            public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new()
            {
                public TPrediction Predict(TData example) => new();
                public TPrediction Predict(string modelName, TData example) => new();
            }
        }

        public sealed class Result { public float Score { get; set; } public bool PredictedLabel { get; set; } }

        """;

    [Fact]
    public void Input_of_create_prediction_engine_without_attributes_is_reported_with_its_message()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(MlNet + """
            public sealed class Applicant
            {
                public float Income { get; set; }
                public float {|#0:Age|} { get; set; }
                public string {|#1:Gender|} = "";
                private float Sex { get; set; }
                public static float Race { get; set; }
            }

            public static class Scoring
            {
                public static Result Score(MLContext ml, ITransformer model, Applicant applicant) =>
                    ml.Model.CreatePredictionEngine<Applicant, Result>(model).Predict(applicant);
            }
            """,
            null,
            AnalyzerVerifier.Diagnostic<SensitiveModelInputAnalyzer>().WithLocation(0).WithArguments("Age", "age"),
            AnalyzerVerifier.Diagnostic<SensitiveModelInputAnalyzer>().WithLocation(1)
                .WithMessage("'Gender' looks like the sensitive attribute 'gender' and is used as a model input; document the lawful basis and the fairness evidence, or drop it"));
    }

    [Fact]
    public void Source_type_of_a_prediction_engine_field_is_an_input()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(MlNet + """
            public class Person { public float {|MLOPS004:MaritalStatus|} { get; set; } }
            public sealed class Applicant : Person { [ColumnName("applicant_race")] public float {|MLOPS004:Origin|} { get; set; } public float Income { get; set; } }

            public sealed class Scorer
            {
                private PredictionEngine<Applicant, Result>? _engine;
            }
            """);
    }

    [Fact]
    public void Source_type_of_a_prediction_engine_pool_is_an_input()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(MlNet + """
            public sealed class Applicant { public float {|MLOPS004:Religion|}; public float Income; }

            public static class Endpoint
            {
                public static Result Score(Microsoft.Extensions.ML.PredictionEnginePool<Applicant, Result> pool, Applicant a) => pool.Predict("credit", a);
            }
            """);
    }

    [Fact]
    public void Row_type_of_load_from_enumerable_is_an_input()
    {
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(MlNet + """
            public sealed class Row { public float {|MLOPS004:Nationality|} { get; set; } public float Income { get; set; } }

            public static class Training
            {
                public static IDataView Load(MLContext ml, List<Row> rows) => ml.Data.LoadFromEnumerable(rows);
            }
            """);
    }

    [Fact]
    public void Classes_that_are_not_model_inputs_are_not_reported()
    {
        // The engine's output type, a type only converted from a data view, and an unrelated type: no input.
        AnalyzerVerifier.Verify<SensitiveModelInputAnalyzer>(MlNet + """
            public sealed class Applicant { public float Income { get; set; } }
            public sealed class Scored { public float Age { get; set; } public float Score { get; set; } public bool PredictedLabel { get; set; } }
            public sealed class Customer { public float Age { get; set; } public string Gender { get; set; } = ""; }
            public sealed class Report { public float Sex { get; set; } }

            public static class Scoring
            {
                public static Scored Score(MLContext ml, ITransformer model, Applicant a) =>
                    ml.Model.CreatePredictionEngine<Applicant, Scored>(model).Predict(a);

                public static IEnumerable<Report> Read(MLContext ml, IDataView data) => ml.Data.CreateEnumerable<Report>(data, reuseRowObject: false);

                public static float Mean(Customer c) => c.Age;
            }
            """);
    }
}
