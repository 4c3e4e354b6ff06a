using Gateway.Proxy.Pipeline;
using Gateway.Transforms.Buffers;
using Microsoft.AspNetCore.Http.Json;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// Reads an admin request body into its DTO, or ends the request with a 4xx naming the field: the body is parsed
/// once as a document (so broken JSON is told apart from a well-formed value of the wrong type), then bound with
/// unknown fields refused, so a typo such as <c>store_body</c> is an error rather than silently ignored.
/// </summary>
internal sealed class AdminRequestReader
{
    private readonly JsonSerializerOptions _json;
    private readonly IOptionsMonitor<AdminOptions> _options;

    public AdminRequestReader(IOptions<JsonOptions> json, IOptionsMonitor<AdminOptions> options)
    {
        ArgumentNullException.ThrowIfNull(json);
        _json = json.Value.SerializerOptions;
        _options = options;
    }

    public async Task<T> ReadAsync<T>(HttpContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        using var buffer = new PooledByteBufferWriter(4096);
        if (await RequestBodyReader.ReadAsync(context.Request, buffer, _options.CurrentValue.MaxRequestBodyBytes).ConfigureAwait(false) is { } error)
        {
            throw new AdminProblemException(error);
        }

        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan))
        {
            throw new AdminProblemException(AdminErrors.Invalid(null, "The request body is not valid UTF-8.", "invalid_json"));
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw new AdminProblemException(AdminErrors.Invalid(null, $"The request body is not valid JSON{where}.", "invalid_json"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AdminProblemException(AdminErrors.Invalid(null, "The request body must be a JSON object.", "invalid_json"));
            }
            try
            {
                return document.RootElement.Deserialize<T>(_json)
                    ?? throw new AdminProblemException(AdminErrors.Invalid(null, "The request body must be a JSON object.", "invalid_json"));
            }
            catch (JsonException ex)
            {
                throw new AdminProblemException(Describe(ex));
            }
        }
    }

    /// <summary>
    /// System.Text.Json's own messages name .NET types; this keeps the JSON path (<c>targets[1].weight</c>) and says
    /// what is wrong in the API's terms.
    /// </summary>
    private static Transforms.Errors.GatewayError Describe(JsonException exception)
    {
        var path = ToParam(exception.Path);
        if (exception.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return AdminErrors.Invalid(path, $"'{path}' is not a field of this request.", "unknown_field");
        }
        return AdminErrors.Invalid(path, path is null
            ? "The request body does not have the expected shape."
            : $"'{path}' has the wrong type or an invalid value.", "invalid_type");
    }

    /// <summary><c>$.targets[1].provider</c> becomes <c>targets[1].provider</c>; the root is no field (null).</summary>
    private static string? ToParam(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
