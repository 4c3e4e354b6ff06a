namespace Gateway.Proxy.Admin.Common;

/// <summary>OpenAI's error object: <c>param</c> is the JSON path of the request field at fault, when there is one.</summary>
internal sealed record AdminErrorBody(string Message, string Type, string? Param, string? Code);
