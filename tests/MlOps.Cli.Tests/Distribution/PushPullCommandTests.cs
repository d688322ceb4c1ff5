using System.Text;
using MlOps.Cli.Tests.ArtefactCommands;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Distribution.Tests.Support;

namespace MlOps.Cli.Tests.Distribution;

/// <summary>`mlops push` / `mlops pull` against a real docker-registry: output, exit codes, and where credentials come from.</summary>
public sealed class PushPullCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-cli-oci-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [RegistryFact]
    public void Push_prints_the_manifest_digest_and_pull_writes_the_verified_artefact()
    {
        using var registry = LocalRegistry.Start();
        var artefact = SampleArtefact.Build(_folder).PackagePath;
        var push = CliRunner.Run("push", artefact, $"{registry.Host}/models/churn:0.3.1");
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Matches($@"^pushed churn 0\.3\.1 to {registry.Host}/models/churn:0\.3\.1 @sha256:[0-9a-f]{{64}}\n", push.StdOut);
        var digest = push.StdOut.Split('@')[1].Split('\n')[0];

        var output = Path.Combine(_folder, "pulled");
        var pull = CliRunner.Run("pull", $"{registry.Host}/models/churn@{digest}", "--out", output);
        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Contains($"pulled churn 0.3.1 from {registry.Host}/models/churn@{digest} @{digest}", pull.StdOut);
        Assert.Equal(File.ReadAllBytes(artefact), File.ReadAllBytes(Path.Combine(output, Path.GetFileName(artefact))));
    }

    [RegistryFact]
    public void A_tampered_artefact_is_listed_as_verify_lists_it_and_exits_2()
    {
        using var registry = LocalRegistry.Start();
        var artefact = SampleArtefact.Build(_folder).PackagePath;
        var bytes = File.ReadAllBytes(artefact);
        bytes[300] ^= 0x01;
        File.WriteAllBytes(artefact, bytes);
        var push = CliRunner.Run("push", artefact, $"{registry.Host}/models/churn:0.3.1");
        Assert.Equal(2, push.ExitCode);
        Assert.StartsWith("TAMPERED: churn 0.3.1", push.StdOut);
        Assert.Contains("MLOPS186", push.StdErr);
    }

    [Fact]
    public void A_registry_that_is_down_is_exit_2_naming_it()
    {
        var host = $"127.0.0.1:{LocalRegistry.FreePort()}";
        var pull = CliRunner.Run("pull", $"{host}/models/churn:0.3.1", "--out", Path.Combine(_folder, "pulled"));
        Assert.Equal(2, pull.ExitCode);
        Assert.Contains("MLOPS180", pull.StdErr);
        Assert.Contains(host, pull.StdErr);
        Assert.False(Directory.Exists(Path.Combine(_folder, "pulled")) && Directory.GetFileSystemEntries(Path.Combine(_folder, "pulled")).Length > 0);
    }

    [RegistryFact]
    public void An_unknown_tag_is_exit_2_with_the_tags_there_are()
    {
        using var registry = LocalRegistry.Start();
        var artefact = SampleArtefact.Build(_folder).PackagePath;
        Assert.Equal(0, CliRunner.Run("push", artefact, $"{registry.Host}/models/churn:0.3.1").ExitCode);
        var pull = CliRunner.Run("pull", $"{registry.Host}/models/churn:1.0.0", "--out", Path.Combine(_folder, "pulled"));
        Assert.Equal(2, pull.ExitCode);
        Assert.Contains("MLOPS183", pull.StdErr);
        Assert.Contains("its tags are: 0.3.1", pull.StdErr);
    }

    [RegistryFact]
    public void Credentials_come_from_the_docker_config_or_the_environment_and_a_refused_password_is_never_printed()
    {
        using var registry = LocalRegistry.Start(auth: true);
        var artefact = SampleArtefact.Build(_folder).PackagePath;
        var target = $"{registry.Host}/models/churn:0.3.1";
        var anonymous = WithEnvironment(new() { ["DOCKER_CONFIG"] = Path.Combine(_folder, "no-docker") }, () => CliRunner.Run("push", artefact, target));
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Contains("MLOPS182", anonymous.StdErr);
        Assert.Contains("MLOPS_REGISTRY_USERNAME", anonymous.StdErr);

        var docker = Path.Combine(_folder, "docker");
        Directory.CreateDirectory(docker);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"docker:{registry.Password}"));
        File.WriteAllText(Path.Combine(docker, "config.json"), "{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + auth + "\"}}}");
        var fromConfig = WithEnvironment(new() { ["DOCKER_CONFIG"] = docker }, () => CliRunner.Run("push", artefact, target));
        Assert.True(fromConfig.ExitCode == 0, fromConfig.ToString());

        const string wrong = "wrong-pa55word-xyz";
        var refused = WithEnvironment(new() { ["MLOPS_REGISTRY_USERNAME"] = "docker", ["MLOPS_REGISTRY_PASSWORD"] = wrong, ["DOCKER_CONFIG"] = docker },
            () => CliRunner.Run("pull", target, "--out", Path.Combine(_folder, "pulled")));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("MLOPS182", refused.StdErr);
        Assert.Contains("the environment variables MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD", refused.StdErr);
        Assert.DoesNotContain(wrong, refused.StdErr + refused.StdOut);
    }

    private static CliResult WithEnvironment(Dictionary<string, string?> variables, Func<CliResult> body)
    {
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in variables)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
            return body();
        }
        finally
        {
            foreach (var (key, value) in saved)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }
    }
}
