using Gateway.Data.Sql;

namespace Gateway.Proxy.Admin.Http;

/// <summary>Turns <c>?limit=&amp;cursor=</c> into a page request and a repository page into the API's list.</summary>
internal sealed class AdminPaging(IOptionsMonitor<AdminOptions> options)
{
    private readonly IOptionsMonitor<AdminOptions> _options = options;

    private PageRequest Parse(PageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = _options.CurrentValue;
        var limit = Math.Min(options.DefaultPageSize, options.MaxPageSize);
        if (query.Limit is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            {
                throw new AdminProblemException(AdminErrors.Invalid("limit", "limit must be a whole number of at least 1."));
            }
            limit = Math.Min(limit, options.MaxPageSize);
        }
        if (query.Cursor is { Length: 0 })
        {
            throw new AdminProblemException(InvalidCursor);
        }
        return new PageRequest(limit, query.Cursor);
    }

    /// <summary>
    /// Runs the page of a list that <paramref name="query"/> asks for; a cursor the list did not issue is a 400 naming
    /// <c>cursor</c>.
    /// </summary>
    public async Task<AdminList<TResponse>> ListAsync<TRecord, TResponse>(
        PageQuery query, Func<PageRequest, Task<Page<TRecord>>> list, Func<TRecord, TResponse> map)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(map);
        var page = Parse(query);
        Page<TRecord> result;
        try
        {
            result = await list(page).ConfigureAwait(false);
        }
        catch (ArgumentException) when (page.Cursor is not null)
        {
            // The data layer's only ArgumentException for a validated request: a cursor it cannot decode.
            throw new AdminProblemException(InvalidCursor);
        }
        return new AdminList<TResponse>(result.Items.Select(map).ToArray(), result.NextCursor);
    }

    private static Transforms.Errors.GatewayError InvalidCursor =>
        AdminErrors.Invalid("cursor", "cursor is not one this list issued; pass next_cursor from the previous page unchanged.", "invalid_cursor");
}
