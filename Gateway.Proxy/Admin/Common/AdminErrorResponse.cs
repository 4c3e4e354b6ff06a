namespace Gateway.Proxy.Admin.Common;

/// <summary>The error envelope, for the OpenAPI document (errors are written by the gateway's OpenAI error writer).</summary>
internal sealed record AdminErrorResponse(AdminErrorBody Error);
