using Gateway.Data.Providers;

namespace Gateway.Proxy.Admin.ProviderModels;

/// <summary>
/// <c>/admin/v1/providers/{id}/models</c>: the models a provider serves, managed by whoever manages the provider.
/// Model names may contain slashes (<c>meta-llama/Llama-3.3-70B</c>), so the item routes take the rest of the path.
/// Audit entries name the provider as the entity id (a provider and model together can exceed its length).
/// </summary>
internal sealed class ProviderModelEndpoints(
    ProviderModelRepository models, ProviderRepository providers, AdminAccess access, AdminRequestReader reader, AdminPaging paging,
    AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "provider_model";

    private static readonly AdminResource<ProviderModelResponse> Resource = new(
        Entity,
        model => $"{model.ProviderId}/{model.Model}",
        model => $"{AdminRoutes.Prefix}/providers/{model.ProviderId}/models/{Uri.EscapeDataString(model.Model)}",
        auditId: model => model.ProviderId);

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
        var spec = ProviderModelValidator.Validate(providerId, null, await reader.ReadAsync<ProviderModelRequest>(context).ConfigureAwait(false));
        return await writes.CreateAsync(caller, Resource, ct => models.CreateAsync(spec, ct), ProviderModelResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, string providerId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireProviderAsync(context.AdminCaller(), providerId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await paging.ListAsync(query, p => models.ListAsync(providerId, p, cancellationToken), ProviderModelResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, string providerId, string model, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), providerId, model, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, string providerId, string model)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, providerId, model, context.RequestAborted).ConfigureAwait(false);
        var spec = ProviderModelValidator.Validate(providerId, model, await reader.ReadAsync<ProviderModelRequest>(context).ConfigureAwait(false));
        return await writes.UpdateAsync(caller, Resource, before, ct => models.UpdateAsync(spec, ct), ProviderModelResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string providerId, string model)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, providerId, model, context.RequestAborted).ConfigureAwait(false);
        return await writes.DeleteAsync(caller, Resource, before, ct => models.DeleteAsync(providerId, model, ct)).ConfigureAwait(false);
    }

    private Task<ProviderRecord> RequireProviderAsync(AdminCaller caller, string providerId, CancellationToken cancellationToken) =>
        access.RequireEntityAsync(caller, providers.GetAsync(providerId, cancellationToken), provider => provider.Scope, "provider", providerId, cancellationToken);

    private async Task<ProviderModelResponse> FindAsync(AdminCaller caller, string providerId, string model, CancellationToken cancellationToken)
    {
        await RequireProviderAsync(caller, providerId, cancellationToken).ConfigureAwait(false);
        return ProviderModelResponse.From(await models.GetAsync(providerId, model, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(NotFound(providerId, model)));
    }

    private static Transforms.Errors.GatewayError NotFound(string providerId, string model) =>
        AdminErrors.NotFound(Entity, $"{providerId}/{model}");
}
