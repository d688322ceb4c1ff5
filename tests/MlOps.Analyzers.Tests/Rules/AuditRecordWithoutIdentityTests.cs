using MlOps.Analyzers.Rules;
using MlOps.Analyzers.Tests.Infrastructure;

namespace MlOps.Analyzers.Tests.Rules;

public sealed class AuditRecordWithoutIdentityTests
{
    private const string Usings = """
        using MlOps.Runtime;
        using MlOps.Runtime.Auditing;

        """;

    [Fact]
    public void AuditEntry_with_blank_version_or_digest_is_reported()
    {
        AnalyzerVerifier.Verify<AuditRecordWithoutIdentityAnalyzer>(Usings + """
            public static class Recorder
            {
                public static AuditEntry Blank() => new AuditEntry("credit", [|""|], [|null|]!, AuditJson.Null, AuditJson.Null);
                public static AuditEntry Empty() => new AuditEntry("credit", "1.0.0", [|string.Empty|], AuditJson.Null, AuditJson.Null);
                public static AuditEntry Spaces() => new AuditEntry([|"  "|], "1.0.0", "abc", AuditJson.Null, AuditJson.Null);
            }
            """);
    }

    [Fact]
    public void AuditEntry_with_identity_is_not_reported()
    {
        AnalyzerVerifier.Verify<AuditRecordWithoutIdentityAnalyzer>(Usings + """
            public static class Recorder
            {
                public static AuditEntry FromModel(GovernedModel m) => new AuditEntry(m.Name, m.Version, m.Digest, AuditJson.Null, AuditJson.Null);
                public static AuditEntry Named(string v, string d) => new AuditEntry(modelName: "credit", modelVersion: v, artefactDigest: d, input: AuditJson.Null, output: AuditJson.Null);
            }
            """);
    }

    [Fact]
    public void Configured_logging_call_without_version_or_digest_is_reported()
    {
        const string editorConfig = "[*.cs]\nmlops.logging_methods = Contoso.Journal.*\n";
        AnalyzerVerifier.Verify<AuditRecordWithoutIdentityAnalyzer>(Usings + """
            namespace Contoso
            {
                public static class Journal
                {
                    public static void Write(string message, double score) { }
                    public static void WriteFor(string modelVersion, string message) { }
                    public static void WriteModel(GovernedModel model, double score) { }
                }

                public static class Service
                {
                    public static void Bad(double score) => [|Journal.Write("scored", score)|];
                    public static void Interpolated(GovernedModel m, double score) => Journal.Write($"{m.Name}@{m.Version}", score);
                    public static void Parameter(string v) => Journal.WriteFor(v, "scored");
                    public static void ByModel(GovernedModel m) => Journal.WriteModel(m, 1.0);
                    public static void Local(string sha256) => Journal.Write(sha256, 1.0);
                }
            }
            """,
            editorConfig);
    }

    [Fact]
    public void Without_configured_logging_methods_ordinary_calls_are_not_reported()
    {
        AnalyzerVerifier.Verify<AuditRecordWithoutIdentityAnalyzer>(Usings + """
            public static class Journal
            {
                public static void Write(string message) { }
                public static void Use() => Write("scored");
            }
            """);
    }
}
