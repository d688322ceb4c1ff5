using MlOps.Distribution.Tests.Support;

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
