using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Gateway.Proxy.Admin.Hosting;

/// <summary>
/// The admin API's JSON: snake_case like OpenAI's API, and unknown fields refused so a misspelt field is an error
/// instead of a silently ignored setting. Set on the minimal-API options, which only the admin endpoints bind
/// with, so the OpenAPI schemas show the same names.
/// </summary>
internal static class AdminJson
{
    public static void Configure(JsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var json = options.SerializerOptions;
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = null;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.AllowTrailingCommas = false;
        json.ReadCommentHandling = JsonCommentHandling.Disallow;
    }
}
