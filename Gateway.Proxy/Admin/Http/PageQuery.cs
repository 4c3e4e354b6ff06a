using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// <c>?limit=&amp;cursor=</c> of every list, taken as text so a malformed value is a 400 naming the parameter
/// rather than the framework's bodiless 400.
/// </summary>
internal sealed record PageQuery([FromQuery(Name = "limit")] string? Limit, [FromQuery(Name = "cursor")] string? Cursor);
