using System.Globalization;
using Gateway.Data.Prices;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;
using Gateway.Proxy.Admin.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Prices;

/// <summary>
/// <c>/admin/v1/prices</c>: the price book, global, so only a global admin reads or writes it. Rows are added and
/// deleted (a mistaken one), not edited; <c>GET /prices/at</c> answers the price in force at a moment.
/// </summary>
internal sealed class PriceEndpoints
{
    private const string Entity = "price";

    private static readonly AdminResource<PriceResponse> Resource = new(
        Entity, price => price.Id.ToString(CultureInfo.InvariantCulture), price => $"{AdminRoutes.Prefix}/prices/{price.Id.ToString(CultureInfo.InvariantCulture)}");

    private readonly PriceBookRepository _prices;
    private readonly TimeProvider _time;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public PriceEndpoints(PriceBookRepository prices, TimeProvider time, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _prices = prices;
        _time = time;
        _reader = reader;
        _paging = paging;
        _writes = writes;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/prices").WithTags("Price book");
        group.MapPost("", (Delegate)CreateAsync).AcceptsJson<PriceRequest>().Returns<PriceResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<PriceResponse>>();
        group.MapGet("/at", PriceAtAsync).Returns<PriceResponse>();
        group.MapGet("/{id:long}", GetAsync).Returns<PriceResponse>();
        group.MapDelete("/{id:long}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        AdminAccess.RequireGlobal(caller);
        var spec = PriceValidator.Validate(await _reader.ReadAsync<PriceRequest>(context).ConfigureAwait(false), _time.GetUtcNow());
        return await _writes.CreateAsync(caller, Resource, ct => _prices.AddAsync(spec, ct), PriceResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(
        HttpContext context, [FromQuery(Name = "provider_id")] string? providerId, [FromQuery(Name = "model")] string? model,
        [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        return TypedResults.Ok(await _paging.ListAsync(query, p => _prices.ListAsync(providerId, model, p, cancellationToken), PriceResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> PriceAtAsync(
        HttpContext context, [FromQuery(Name = "provider_id")] string? providerId, [FromQuery(Name = "model")] string? model,
        [FromQuery(Name = "at")] string? at, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        var provider = Fields.Name(providerId, "provider_id", 63);
        var name = Fields.Name(model, "model");
        var moment = _time.GetUtcNow();
        if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment))
        {
            throw Fields.Invalid("at", "at must be an ISO 8601 date and time, such as 2025-01-31T12:00:00Z.");
        }
        var price = await _prices.GetPriceAtAsync(provider, name, moment, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, $"{provider}/{name} at {moment:O}"));
        return TypedResults.Ok(PriceResponse.From(price));
    }

    private async Task<IResult> GetAsync(HttpContext context, long id, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        return TypedResults.Ok(PriceResponse.From(await _prices.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString(CultureInfo.InvariantCulture)))));
    }

    private async Task<IResult> DeleteAsync(HttpContext context, long id)
    {
        var caller = context.AdminCaller();
        AdminAccess.RequireGlobal(caller);
        var before = PriceResponse.From(await _prices.GetAsync(id, context.RequestAborted).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString(CultureInfo.InvariantCulture))));
        return await _writes.DeleteAsync(caller, Resource, before, ct => _prices.DeleteAsync(id, ct)).ConfigureAwait(false);
    }
}
