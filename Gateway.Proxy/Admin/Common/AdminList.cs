namespace Gateway.Proxy.Admin.Common;

/// <summary>One page of a list; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next (null on the last page).</summary>
internal sealed record AdminList<T>(IReadOnlyList<T> Data, string? NextCursor) : ApiObject("list");
