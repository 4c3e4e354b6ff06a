using Gateway.Data.Usage;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// The request log, for admins: <c>GET /admin/v1/requests</c> (newest first over <c>from</c>/<c>to</c>, default the last
/// 24 hours, with <see cref="AnalyticsFilter"/>'s filters, <c>errors=true</c> for failures only, and <c>limit</c>/<c>cursor</c>
/// pages), <c>GET /admin/v1/requests/{id}</c> and <c>GET /admin/v1/requests/{id}/bodies</c> (the stored bodies of a
/// <c>store_bodies</c> environment). Scoped like the rest of the admin API: a scoped admin lists within one of its scopes
/// and reads a single request only if it ran there (403 otherwise); requests made with config-file keys belong to no
/// tenant, so only a global admin sees them.
/// </summary>
internal static class RequestLogEndpoints
{
    public const string Prefix = "/admin/v1/requests";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).AddEndpointFilter<AdminExceptionFilter>();
        group.MapGet("", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/bodies", BodiesAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, RequestLogRepository log, AdminPaging paging, TimeProvider time)
    {
        var range = AnalyticsRange.Parse(context.Request.Query, time.GetUtcNow(), out var error);
        var (filter, filterError) = error is null ? await AnalyticsFilter.ReadAsync(context).ConfigureAwait(false) : (null, null);
        error ??= filterError;
        var errorsOnly = false;
        if (error is null && context.Request.Query.TryGetValue("errors", out var errors) && !bool.TryParse(errors.ToString(), out errorsOnly))
        {
            error = GatewayError.InvalidRequest("'errors' must be true or false.", "errors", "invalid_value");
        }
        if (error is not null)
        {
            return new AdminErrorResult(error);
        }
        var (from, to) = range!.Value;
        var query = new PageQuery(Single(context, "limit"), Single(context, "cursor"));
        AdminList<RequestLogResponse> list = await paging.ListAsync(query,
            page => log.ListAsync(filter!, from, to, errorsOnly, page, context.RequestAborted), RequestLogResponse.From).ConfigureAwait(false);
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> GetAsync(HttpContext context, RequestLogRepository log, string id) =>
        TypedResults.Ok(RequestLogResponse.From(await FindAsync(context, log, id).ConfigureAwait(false)));

    private static async Task<IResult> BodiesAsync(HttpContext context, RequestLogRepository log, string id)
    {
        await FindAsync(context, log, id).ConfigureAwait(false);
        var bodies = await log.GetBodiesAsync(id, context.RequestAborted).ConfigureAwait(false)
            ?? throw new AdminProblemException(new GatewayError(404, GatewayErrorTypes.NotFound,
                $"No bodies are stored for request '{id}': its environment does not keep them (store_bodies).", "request_bodies_not_found"));
        return TypedResults.Ok(new RequestBodiesResponse(id, bodies.RequestBody, bodies.ResponseBody, bodies.RequestTruncated, bodies.ResponseTruncated));
    }

    /// <summary>The request, 404 when not stored (or not yet: records are written in batches), 403 when it ran outside the caller's scopes.</summary>
    private static async Task<StoredRequest> FindAsync(HttpContext context, RequestLogRepository log, string id)
    {
        var entry = await log.GetAsync(id, context.RequestAborted).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound("request", id));
        var chain = RequestLogResponse.ChainOf(entry);
        if (!context.AdminCaller().Covers(chain))
        {
            throw new AdminProblemException(chain.IsGlobal ? AdminErrors.GlobalOnly : AdminErrors.OutOfScope("the scope this request ran in"));
        }
        return entry;
    }

    private static string? Single(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
