using System.Text.Json.Nodes;
using MlOps.Attestations.Statements;
using MlOps.Serialization;

namespace MlOps.Attestations.Provenance;

/// <summary>
/// The SLSA provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance) of a build by MlOps.Build
/// (docs/attestations.md, "Provenance"). Field names are SLSA's exactly; the content is a pure function of
/// <see cref="ProvenanceFacts"/>: no wall clock, no random invocation id, so a rebuild writes the same bytes.
/// </summary>
public static class SlsaProvenance
{
    /// <summary>buildDefinition.buildType: a `dotnet build` of an MlModel item by MlOps.Build's targets.</summary>
    public const string BuildType = "https://mlopsbuild.dev/build/msbuild/v1";

    /// <summary>runDetails.builder.id: MlOps.Build's task running inside MSBuild.</summary>
    public const string BuilderId = "https://mlopsbuild.dev/builder/msbuild/v1";

    /// <summary>The in-toto statement (subject: the artefact) carrying the predicate.</summary>
    public static InTotoStatement Statement(ProvenanceFacts facts) =>
        InTotoStatement.About(facts.Artefact, PredicateTypes.Provenance, Predicate(facts));

    /// <summary>The predicate: buildDefinition and runDetails.</summary>
    public static JsonObject Predicate(ProvenanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var time = UtcTime.FromUnixSeconds(facts.SourceDateEpoch);
        var internalParameters = new JsonObject { ["sourceDateEpoch"] = facts.SourceDateEpoch };
        if (facts.Source is { } source)
        {
            internalParameters["dirty"] = source.Dirty;
        }
        return new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = BuildType,
                ["externalParameters"] = new JsonObject
                {
                    ["project"] = facts.Project,
                    ["mlModel"] = ModelItem(facts.MlModel),
                },
                ["internalParameters"] = internalParameters,
                ["resolvedDependencies"] = ResolvedDependencies(facts),
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = new JsonObject
                {
                    ["id"] = BuilderId,
                    ["version"] = Versions(facts.BuilderVersions),
                },
                // Both ends of the build are the reproducible clock (SOURCE_DATE_EPOCH, else the commit time): the
                // wall clock would make every rebuild a different statement.
                ["metadata"] = new JsonObject { ["startedOn"] = time, ["finishedOn"] = time },
            },
        };
    }

    private static JsonObject ModelItem(ModelItemParameters item)
    {
        var o = new JsonObject
        {
            ["include"] = item.Include,
            ["name"] = item.Name,
            ["version"] = item.Version,
            ["trainingData"] = Strings(item.TrainingData),
            ["evaluationData"] = Strings(item.EvaluationData),
        };
        if (item.Card is not null)
        {
            o["card"] = item.Card;
        }
        if (item.EvidenceDirectory is not null)
        {
            o["evidenceDirectory"] = item.EvidenceDirectory;
        }
        return o;
    }

    private static JsonArray ResolvedDependencies(ProvenanceFacts facts)
    {
        var list = new JsonArray();
        if (facts.Source is { } source)
        {
            var git = new JsonObject { ["digest"] = new JsonObject { ["gitCommit"] = source.Commit } };
            if (source.RepositoryUrl is { } url)
            {
                // SLSA's convention for a git source: "git+" and the repository URL.
                git["uri"] = url.StartsWith("git+", StringComparison.Ordinal) ? url : "git+" + url;
            }
            else
            {
                git["name"] = "source";
            }
            git["annotations"] = new JsonObject { ["role"] = "source", ["dirty"] = source.Dirty };
            list.Add(git);
        }
        foreach (var material in facts.Materials)
        {
            list.Add(new JsonObject
            {
                ["name"] = material.Name,
                ["digest"] = new JsonObject { ["sha256"] = material.Sha256 },
                ["annotations"] = new JsonObject { ["role"] = material.Role },
            });
        }
        return list;
    }

    private static JsonObject Versions(IReadOnlyDictionary<string, string> versions)
    {
        var o = new JsonObject();
        foreach (var (tool, version) in versions.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            o[tool] = version;
        }
        return o;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
