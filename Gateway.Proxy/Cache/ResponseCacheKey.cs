using System.Security.Cryptography;
using System.Text;
using Gateway.Policies.Tenancy;
using Gateway.Transforms;
using Gateway.Transforms.Buffers;

namespace Gateway.Proxy.Cache;

/// <summary>
/// The cache key of a request: SHA-256 over the endpoint kind, the caller's tenant scope (organization, team and
/// environment; config-file keys, which belong to no tenant, share one scope of their own) and the request body in
/// canonical form (<see cref="CanonicalJson"/>). Everything the answer depends on is in the body — the model as asked,
/// messages, tools, <c>tool_choice</c>, <c>response_format</c>, the sampling fields, <c>n</c>, <c>stop</c>, <c>seed</c>,
/// <c>max_tokens</c>, OpenRouter's <c>models</c> and <c>provider</c> — so all of it is hashed, except the fields that
/// only shape how the answer is delivered, which a hit reproduces from the request in hand.
/// </summary>
internal static class ResponseCacheKey
{
    /// <summary>Key length in bytes.</summary>
    public const int Length = 32;

    public static byte[] Compute(string kind, in ScopeChain scope, JsonElement body)
    {
        using var buffer = new PooledByteBufferWriter(4096);
        buffer.Write("llm-gateway/response-cache/v1\n"u8);
        buffer.Write(Encoding.UTF8.GetBytes(kind));
        buffer.Write("\n"u8);
        buffer.Write(Encoding.UTF8.GetBytes(ScopeText(scope)));
        buffer.Write("\n"u8);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            if (body.ValueKind == JsonValueKind.Object)
            {
                CanonicalJson.WriteObject(writer, body, DeliveryOnly);
            }
            else
            {
                CanonicalJson.Write(writer, body);
            }
        }
        return SHA256.HashData(buffer.WrittenSpan);
    }

    /// <summary>How the answer is delivered (whole or streamed, with or without the usage chunk or its cost), not what it says.</summary>
    private static bool DeliveryOnly(string name) => name is "stream" or "stream_options" or "usage";

    private static string ScopeText(in ScopeChain scope) =>
        scope == ScopeChain.Global ? "config" : $"{scope.OrganizationId:N}/{scope.TeamId:N}/{scope.EnvironmentId:N}";
}
