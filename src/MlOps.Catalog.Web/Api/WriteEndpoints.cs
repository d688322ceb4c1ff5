using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MlOps.Catalog.Store;

namespace MlOps.Catalog.Web.Api;

/// <summary>Registers an uploaded artefact: the domain's registration (verify, then store), given the uploaded file's path.</summary>
/// <param name="artefactPath">The uploaded .mlpkg in a temporary folder (deleted after the call).</param>
/// <param name="uploadedAs">The file name the client gave (X-Artefact-Name), for the version's location, or null.</param>
public delegate RegistrationOutcome ArtefactRegistrar(string artefactPath, string? uploadedAs);

/// <summary>
/// The write endpoints. Each answers 403 when the server has no token (writes disabled), 401 with
/// <c>WWW-Authenticate: Bearer</c> for a missing or wrong token, and only then does the work.
/// </summary>
internal static class WriteEndpoints
{
    /// <summary>The realm named in WWW-Authenticate.</summary>
    public const string Realm = "mlops-catalog";

    /// <summary>
    /// Null when the request may write; otherwise the refusal to send (403 disabled, 401 unauthenticated).
    /// <paramref name="tokenVariable"/> names the environment variable in the 403's fix.
    /// </summary>
    public static IResult? Refusal(HttpContext context, BearerToken? token, string tokenVariable)
    {
        if (token is null)
        {
            return Results.Json(ApiJson.Error("Writes are disabled: the catalog server was started without a write token.",
                $"Start the server with a token of at least {BearerToken.MinimumLength} random characters in the environment variable {tokenVariable} " +
                "(mlops catalog serve --token-env names another variable), and send it as 'Authorization: Bearer <token>'."),
                ApiJson.Options, statusCode: StatusCodes.Status403Forbidden);
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (token.Admits(authorization))
        {
            return null;
        }
        context.Response.Headers.WWWAuthenticate = string.IsNullOrEmpty(authorization)
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"invalid_token\"";
        return Results.Json(ApiJson.Error(string.IsNullOrEmpty(authorization)
                ? "This endpoint writes to the catalog and needs the server's token."
                : "The token does not match the server's write token.",
            "Send 'Authorization: Bearer <token>' with the token the server was started with."),
            ApiJson.Options, statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// `POST /api/register`: streams the body (the .mlpkg bytes) to a temporary file, then registers it.
    /// 201 when a version was created, 200 when the digest was already registered (nothing changed), 400 with the
    /// diagnostic for an artefact that does not verify or conflicts with a registered version.
    /// </summary>
    public static async Task<IResult> RegisterAsync(HttpContext context, ArtefactRegistrar? registrar)
    {
        if (registrar is null)
        {
            return Results.Json(ApiJson.Error("This server cannot register artefacts.", "Register with 'mlops catalog register' against the same catalog."),
                ApiJson.Options, statusCode: StatusCodes.Status501NotImplemented);
        }
        // Artefacts are larger than Kestrel's default 30 MB body limit; the body goes to disk, never to memory.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        var folder = Directory.CreateTempSubdirectory("mlops-catalog-upload-");
        try
        {
            var uploadedAs = SafeFileName(context.Request.Headers["X-Artefact-Name"].ToString());
            var path = Path.Combine(folder.FullName, uploadedAs ?? "upload.mlpkg");
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await context.Request.Body.CopyToAsync(file, context.RequestAborted);
            }
            RegistrationOutcome outcome;
            try
            {
                outcome = registrar(path, uploadedAs);
            }
            catch (MlOpsException e)
            {
                return Results.Json(ApiJson.Error(e.Message, e.Fix, e.Diagnostic?.Id), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            var v = outcome.Version;
            var body = new { v.Model, v.Version, v.Digest, created = outcome.Created, attestationsAdded = outcome.AttestationsAdded };
            return outcome.Created
                ? Results.Json(body, ApiJson.Options, statusCode: StatusCodes.Status201Created)
                : Results.Json(body, ApiJson.Options);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The client's name for the file is only used when it is a plain .mlpkg file name: never a path, never "..".
    private static string? SafeFileName(string name) =>
        name.Length is > 6 and <= 200 && name.EndsWith(".mlpkg", StringComparison.Ordinal) && name[0] != '.'
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+') ? name : null;

    /// <summary>
    /// `POST /api/promote`: not served. Promotion is a signed act (the promoter's key signs the promotion record, and
    /// the gate judges approvals against the trust file); the server holds nobody's private key, so promotion stays
    /// with <c>mlops catalog promote</c>, which any machine can run against the same catalog.
    /// </summary>
    public static IResult Promote() =>
        Results.Json(ApiJson.Error("Promotion is not served over HTTP: it is signed with the promoter's own key, which the server never holds.",
            "Run 'mlops catalog promote <model>@<version> --to <stage> --key <your key>' against the same catalog."),
            ApiJson.Options, statusCode: StatusCodes.Status501NotImplemented);
}
