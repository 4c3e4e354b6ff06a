using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Admin.ProviderModels;

/// <summary>
/// <c>/admin/v1/providers/{id}/models</c>: the models a provider serves, managed by whoever manages the provider.
/// Model names may contain slashes (<c>meta-llama/Llama-3.3-70B</c>), so the item routes take the rest of the path.
/// Audit entries name the provider as the entity id (a provider and model together can exceed its length).
/// </summary>
internal sealed class ProviderModelEndpoints
{
    private const string Entity = "provider_model";

    private readonly ProviderModelRepository _models;
    private readonly ProviderRepository _providers;
    private readonly AdminAccess _access;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminAuditor _audit;

    public ProviderModelEndpoints(
        ProviderModelRepository models, ProviderRepository providers, AdminAccess access, AdminRequestReader reader, AdminPaging paging, AdminAuditor audit)
    {
        _models = models;
        _providers = providers;
        _access = access;
        _reader = reader;
        _paging = paging;
        _audit = audit;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/providers/{providerId}/models").WithTags("Provider models");
        group.MapPost("", CreateAsync).AcceptsJson<ProviderModelRequest>().Returns<ProviderModelResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<ProviderModelResponse>>();
        group.MapGet("/{**model}", GetAsync).Returns<ProviderModelResponse>();
        group.MapPut("/{**model}", UpdateAsync).AcceptsJson<ProviderModelRequest>().Returns<ProviderModelResponse>();
        group.MapDelete("/{**model}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context, string providerId)
    {
        var caller = context.AdminCaller();
        await RequireProviderAsync(caller, providerId, context.RequestAborted).ConfigureAwait(false);
        var spec = ProviderModelValidator.Validate(providerId, null, await _reader.ReadAsync<ProviderModelRequest>(context).ConfigureAwait(false));
        // Writes ignore the client's cancellation: a write that lands must be followed by its audit entry.
        var created = ProviderModelResponse.From(await _models.CreateAsync(spec, CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, Entity, providerId, null, created).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/providers/{providerId}/models/{Uri.EscapeDataString(created.Model)}", created);
    }

    private async Task<IResult> ListAsync(HttpContext context, string providerId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireProviderAsync(context.AdminCaller(), providerId, cancellationToken).ConfigureAwait(false);
        var page = _paging.Parse(query);
        return TypedResults.Ok(await AdminPaging.ListAsync(page, p => _models.ListAsync(providerId, p, cancellationToken), ProviderModelResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, string providerId, string model, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), providerId, model, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, string providerId, string model)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, providerId, model, context.RequestAborted).ConfigureAwait(false);
        var spec = ProviderModelValidator.Validate(providerId, model, await _reader.ReadAsync<ProviderModelRequest>(context).ConfigureAwait(false));
        var after = ProviderModelResponse.From(await _models.UpdateAsync(spec, CancellationToken.None).ConfigureAwait(false)
            ?? throw new AdminProblemException(NotFound(providerId, model)));
        await _audit.RecordAsync(caller, AuditActions.Update, Entity, providerId, before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string providerId, string model)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, providerId, model, context.RequestAborted).ConfigureAwait(false);
        if (!await _models.DeleteAsync(providerId, model, CancellationToken.None).ConfigureAwait(false))
        {
            throw new AdminProblemException(NotFound(providerId, model));
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, Entity, providerId, before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(Entity, $"{providerId}/{model}"));
    }

    private async Task RequireProviderAsync(AdminCaller caller, string providerId, CancellationToken cancellationToken)
    {
        var provider = await _providers.GetAsync(providerId, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound("provider", providerId));
        await _access.RequireAsync(caller, provider.Scope, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProviderModelResponse> FindAsync(AdminCaller caller, string providerId, string model, CancellationToken cancellationToken)
    {
        await RequireProviderAsync(caller, providerId, cancellationToken).ConfigureAwait(false);
        return ProviderModelResponse.From(await _models.GetAsync(providerId, model, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(NotFound(providerId, model)));
    }

    private static Transforms.Errors.GatewayError NotFound(string providerId, string model) =>
        AdminErrors.NotFound(Entity, $"{providerId}/{model}");
}
