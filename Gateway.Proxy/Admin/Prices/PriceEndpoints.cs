using Gateway.Data.Prices;
using Gateway.Proxy.Admin.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Prices;

/// <summary>
/// <c>/admin/v1/prices</c>: the price book, global, so only a global admin reads or writes it. Rows are added and
/// deleted (a mistaken one), not edited; <c>GET /prices/at</c> answers the price in force at a moment.
/// </summary>
internal sealed class PriceEndpoints(PriceBookRepository prices, TimeProvider time, AdminRequestReader reader, AdminPaging paging, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "price";

    private static readonly AdminResource<PriceResponse> Resource = new(Entity, "prices", price => price.Id.ToString(CultureInfo.InvariantCulture));

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/prices").WithTags("Price book");
        var routes = new AdminCrudRoutes<long, PriceResponse>(Resource, "/{id:long}", (caller, id, _, ct) => FindAsync(caller, id, ct), writes);
        routes.MapCreate(group, ReadAsync, prices.AddAsync, PriceResponse.From).AcceptsJson<PriceRequest>();
        group.MapGet("", ListAsync).Returns<AdminList<PriceResponse>>();
        group.MapGet("/at", PriceAtAsync).Returns<PriceResponse>();
        routes.MapGet(group);
        routes.MapDelete(group, prices.DeleteAsync);
    }

    private async Task<PriceSpec> ReadAsync(HttpContext context, AdminCaller caller)
    {
        AdminAccess.RequireGlobal(caller);
        return PriceValidator.Validate(await reader.ReadAsync<PriceRequest>(context).ConfigureAwait(false), time.GetUtcNow());
    }

    private async Task<IResult> ListAsync(
        HttpContext context, [FromQuery(Name = "provider_id")] string? providerId, [FromQuery(Name = "model")] string? model,
        [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        return TypedResults.Ok(await paging.ListAsync(query, p => prices.ListAsync(providerId, model, p, cancellationToken), PriceResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> PriceAtAsync(
        HttpContext context, [FromQuery(Name = "provider_id")] string? providerId, [FromQuery(Name = "model")] string? model,
        [FromQuery(Name = "at")] string? at, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        var provider = Fields.Name(providerId, "provider_id", 63);
        var name = Fields.Name(model, "model");
        var moment = time.GetUtcNow();
        if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment))
        {
            throw Fields.Invalid("at", "at must be an ISO 8601 date and time, such as 2025-01-31T12:00:00Z.");
        }
        var price = await prices.GetPriceAtAsync(provider, name, moment, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, $"{provider}/{name} at {moment:O}"));
        return TypedResults.Ok(PriceResponse.From(price));
    }

    private async Task<PriceResponse> FindAsync(AdminCaller caller, long id, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(caller);
        return PriceResponse.From(await prices.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString(CultureInfo.InvariantCulture))));
    }
}
