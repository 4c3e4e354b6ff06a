namespace Gateway.Proxy.Analytics;

/// <summary>A request's stored bodies as text (a stream's answer is its SSE text), and whether each was cut at the size cap.</summary>
internal sealed record RequestBodiesResponse(string RequestId, string? RequestBody, string? ResponseBody, bool RequestTruncated, bool ResponseTruncated) : ApiObject("request_bodies");
