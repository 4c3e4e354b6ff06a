using Gateway.Data.Providers;
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

    private static readonly AdminResource<ProviderModelResponse> Resource = new(
        Entity,
        model => $"{model.ProviderId}/{model.Model}",
        model => $"{AdminRoutes.Prefix}/providers/{model.ProviderId}/models/{Uri.EscapeDataString(model.Model)}",
        auditId: model => model.ProviderId);

    private readonly ProviderModelRepository _models;
    private readonly ProviderRepository _providers;
    private readonly AdminAccess _access;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public ProviderModelEndpoints(
        ProviderModelRepository models, ProviderRepository providers, AdminAccess access, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _models = models;
        _providers = providers;
        _access = access;
        _reader = reader;
        _paging = paging;
        _writes = writes;
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
        return await _writes.CreateAsync(caller, Resource, ct => _models.CreateAsync(spec, ct), ProviderModelResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, string providerId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireProviderAsync(context.AdminCaller(), providerId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await _paging.ListAsync(query, p => _models.ListAsync(providerId, p, cancellationToken), ProviderModelResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, string providerId, string model, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), providerId, model, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, string providerId, string model)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, providerId, model, context.RequestAborted).ConfigureAwait(false);
        var spec = ProviderModelValidator.Validate(providerId, model, await _reader.ReadAsync<ProviderModelRequest>(context).ConfigureAwait(false));
        return await _writes.UpdateAsync(caller, Resource, before, ct => _models.UpdateAsync(spec, ct), ProviderModelResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string providerId, string model)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, providerId, model, context.RequestAborted).ConfigureAwait(false);
        return await _writes.DeleteAsync(caller, Resource, before, ct => _models.DeleteAsync(providerId, model, ct)).ConfigureAwait(false);
    }

    private async Task RequireProviderAsync(AdminCaller caller, string providerId, CancellationToken cancellationToken)
    {
        var provider = await _providers.GetAsync(providerId, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, "provider", providerId);
        await _access.RequireEntityAsync(caller, provider.Scope, "provider", providerId, cancellationToken).ConfigureAwait(false);
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
