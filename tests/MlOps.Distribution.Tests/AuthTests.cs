using MlOps.Distribution.Registry;
using MlOps.Distribution.Tests.Support;
using MlOps.Distribution.Transfer;

namespace MlOps.Distribution.Tests;

/// <summary>Basic auth against a real registry guarded by htpasswd (bcrypt).</summary>
public sealed class AuthTests
{
    private static RegistryReference Ref(string host) => RegistryReference.Parse($"{host}/models/churn:0.3.1", allowDigest: true);

    [RegistryFact]
    public async Task With_the_right_credentials_push_and_pull_work()
    {
        using var registry = LocalRegistry.Start(auth: true);
        using var sample = new SampleArtefact(weights: 16);
        var options = new RegistryClientOptions { Credentials = new RegistryCredentials("docker", registry.Password, "the test") };
        await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host), options);
        var pulled = await ArtefactPuller.PullAsync(Ref(registry.Host), sample.OutFolder(), options);
        Assert.Equal(File.ReadAllBytes(sample.PackagePath), File.ReadAllBytes(pulled.ArtefactPath));
    }

    [RegistryFact]
    public async Task A_wrong_password_is_unauthorized_says_where_credentials_come_from_and_never_shows_the_password()
    {
        using var registry = LocalRegistry.Start(auth: true);
        using var sample = new SampleArtefact(weights: 16);
        const string password = "not-the-password-s3cret";
        var options = new RegistryClientOptions { Credentials = new RegistryCredentials("docker", password, "the test's settings") };
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host), options));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryUnauthorized, error.Diagnostic);
        Assert.Contains("the test's settings", error.Message);
        Assert.Contains(RegistryCredentials.UsernameVariable, error.Fix);
        Assert.DoesNotContain(password, error.Message + error.Fix);
    }

    [RegistryFact]
    public async Task Without_credentials_a_guarded_registry_is_unauthorized()
    {
        using var registry = LocalRegistry.Start(auth: true);
        using var sample = new SampleArtefact(weights: 16);
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(registry.Host), sample.OutFolder(),
            new RegistryClientOptions { Credentials = null }));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryUnauthorized, error.Diagnostic);
        Assert.Contains("config.json", error.Fix);
    }
}

/// <summary>The bearer-token challenge (Docker Hub, GHCR, Harbor) in front of the real registry.</summary>
public sealed class BearerAuthTests
{
    [RegistryFact]
    public async Task A_bearer_challenge_is_answered_with_a_token_for_the_repository_scope()
    {
        using var registry = LocalRegistry.Start();
        using var gate = new BearerGate(registry.Port, "robot", "robot-secret");
        using var sample = new SampleArtefact(weights: 16);
        var reference = RegistryReference.Parse($"{gate.Host}/models/churn:0.3.1", allowDigest: true);
        var options = new RegistryClientOptions { Credentials = new RegistryCredentials("robot", "robot-secret", "the test") };
        await ArtefactPusher.PushAsync(sample.PackagePath, reference, options);
        var pulled = await ArtefactPuller.PullAsync(reference, sample.OutFolder(), options);
        Assert.Equal(File.ReadAllBytes(sample.PackagePath), File.ReadAllBytes(pulled.ArtefactPath));
        Assert.Equal(["repository:models/churn:pull,push", "repository:models/churn:pull"], gate.Scopes);

        var refused = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(reference, sample.OutFolder("again"),
            new RegistryClientOptions { Credentials = new RegistryCredentials("robot", "wrong", "the test") }));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryUnauthorized, refused.Diagnostic);
        Assert.Contains("token service refused", refused.Message);
    }
}
