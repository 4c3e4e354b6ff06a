using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.DatabaseSync;

namespace Gateway.Proxy.Admin.Credentials;

/// <summary>
/// <c>POST /admin/v1/credentials/reencrypt</c>: master-key retirement. Re-encrypts every stored provider credential under
/// the first key of <c>GATEWAY_MASTER_KEYS</c>; once it reports none failed, older keys can be removed from the list.
/// Global admins only (it touches every tenant's providers); audited with its counts.
/// </summary>
internal sealed class CredentialEndpoints(CredentialReencryptor reencryptor, AdminAuditor audit) : IAdminEndpoints
{
    private const string Entity = "provider_credentials";

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGroup("/credentials").WithTags("Credentials")
            .MapPost("/reencrypt", (Delegate)ReencryptAsync).Returns<CredentialReencryptionResponse>();
    }

    private async Task<IResult> ReencryptAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        AdminAccess.RequireGlobal(caller);
        CredentialReencryptionResponse response;
        try
        {
            // Not tied to the request: rows re-encrypted are re-encrypted, and the audit entry must follow.
            response = CredentialReencryptionResponse.From(await reencryptor.RunAsync(CancellationToken.None).ConfigureAwait(false));
        }
        catch (InvalidOperationException)
        {
            throw new AdminProblemException(AdminErrors.MasterKeyMissing);
        }
        await audit.RecordAsync(caller, AuditActions.ReencryptCredentials, Entity, null, null, response).ConfigureAwait(false);
        return TypedResults.Ok(response);
    }
}
