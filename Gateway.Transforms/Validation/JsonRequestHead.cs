namespace Gateway.Transforms.Validation;

/// <summary>
/// What every JSON request kind reads first, with the same 400s: a body that is UTF-8 and JSON (and, for the kinds whose
/// strings are translated or written again, without a lone surrogate escape), an object, and its <c>model</c>.
/// </summary>
internal static class JsonRequestHead
{
    /// <param name="document">The parsed body when the answer is null; the caller owns it.</param>
    public static GatewayError? Parse(ReadOnlyMemory<byte> utf8Json, JsonDocumentOptions options, bool refuseLoneSurrogates, out JsonDocument? document)
    {
        document = null;
        // The JSON parser checks UTF-8 only when a string is read, which would be deep inside validation or an adapter.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            return GatewayError.InvalidRequest("We could not parse the JSON body of your request: it is not valid UTF-8.");
        }
        try
        {
            document = JsonDocument.Parse(utf8Json, options);
        }
        catch (JsonException ex)
        {
            return GatewayError.InvalidRequest($"We could not parse the JSON body of your request: {ex.Message}");
        }
        var loneSurrogate = refuseLoneSurrogates ? LoneSurrogateFinder.Find(utf8Json.Span) : -1;
        if (loneSurrogate < 0)
        {
            return null;
        }
        document.Dispose();
        document = null;
        var param = LoneSurrogateFinder.PathAt(utf8Json.Span, loneSurrogate);
        return GatewayError.InvalidRequest(
            $"We could not parse the JSON body of your request: {(param is null ? "it" : $"'{param}'")} contains a \\u escape of half a UTF-16 surrogate pair without the other half, which is not Unicode text.",
            param, "invalid_value");
    }

    /// <summary>The body is an object with a non-empty string <c>model</c>.</summary>
    /// <param name="defaultModel">The model of a body that names none (or null); null when <c>model</c> is required.</param>
    public static GatewayError? ReadModel(JsonElement root, string? defaultModel, out string? model)
    {
        model = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("The request body must be a JSON object.");
        }
        if (!root.TryGetProperty("model"u8, out var element) || (defaultModel is not null && element.ValueKind == JsonValueKind.Null))
        {
            model = defaultModel;
            return model is null ? FieldChecks.Missing("model") : null;
        }
        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } name)
        {
            return FieldChecks.InvalidType("model", "a non-empty string");
        }
        model = name;
        return null;
    }

    /// <summary><see cref="Parse"/> then <see cref="ReadModel"/>; the document is disposed when either refuses.</summary>
    public static GatewayError? Read(ReadOnlyMemory<byte> utf8Json, JsonDocumentOptions options, bool refuseLoneSurrogates, string? defaultModel,
        out JsonDocument? document, out string? model)
    {
        model = null;
        var error = Parse(utf8Json, options, refuseLoneSurrogates, out document) ?? ReadModel(document!.RootElement, defaultModel, out model);
        if (error is not null)
        {
            document?.Dispose();
            document = null;
        }
        return error;
    }

    /// <summary>The request, when nothing refused it; else the refusal, the request disposed.</summary>
    public static (TRequest? Request, GatewayError? Error) Finish<TRequest>(TRequest? request, GatewayError? error)
        where TRequest : class, IDisposable
    {
        if (error is null)
        {
            return (request, null);
        }
        request?.Dispose();
        return (null, error);
    }
}
