using Gateway.Transforms.Completions;

namespace Gateway.Transforms.Providers.OpenAi.Completions;

/// <summary>
/// The client's legacy completions body for an OpenAI-compatible provider: every field passed through as sent, except
/// the gateway's own, with the target's model and usage asked for on streams; a field the dialect does not honour is
/// refused (400 naming it) rather than silently dropped, since it changes what the answer holds.
/// </summary>
internal static class OpenAiCompletionsBodyWriter
{
    public static GatewayError? Write(CompletionsRequest request, UpstreamTarget target, OpenAiCompletionsDialect dialect, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(dialect);
        var refused = Refusal(request, dialect);
        if (refused is not null)
        {
            return refused;
        }
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        JsonElement? streamOptions = null;
        foreach (var property in request.Root.EnumerateObject())
        {
            var name = property.Name;
            if (name == "model" || CompletionsRequest.IsGatewayOnlyField(name))
            {
                continue;
            }
            if (name == "stream_options")
            {
                streamOptions = property.Value;
                continue;
            }
            json.WritePropertyName(name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
        }
        if (request.Stream && dialect.AcceptsStreamOptions)
        {
            // Usage on every stream, for billing; the transcoder drops the usage chunk a client did not ask for.
            OpenAiRequestWriter.WriteUsageStreamOptions(json, streamOptions);
        }
        else if (streamOptions is { } options)
        {
            json.WritePropertyName("stream_options"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(options), skipInputValidation: true);
        }
        json.WriteEndObject();
        return null;
    }

    private static GatewayError? Refusal(CompletionsRequest request, OpenAiCompletionsDialect dialect)
    {
        if (request.PromptKind is CompletionsPromptKind.Tokens or CompletionsPromptKind.TokenArrays && !dialect.AcceptsTokenIds)
        {
            return Refuse(dialect, "prompt", "prompts as token ids");
        }
        if (request.PromptKind is CompletionsPromptKind.Texts or CompletionsPromptKind.TokenArrays && !dialect.AcceptsSeveralPrompts)
        {
            return Refuse(dialect, "prompt", "several prompts in one request");
        }
        if (request.Echo && !dialect.AcceptsEcho)
        {
            return Refuse(dialect, "echo", "'echo'");
        }
        if (request.Logprobs is not null && !dialect.AcceptsLogprobs)
        {
            return Refuse(dialect, "logprobs", "'logprobs'");
        }
        if (request.Suffix is not null && !dialect.AcceptsSuffix)
        {
            return Refuse(dialect, "suffix", "'suffix'");
        }
        return request.BestOf > 1 && !dialect.AcceptsBestOf ? Refuse(dialect, "best_of", "'best_of' above 1") : null;
    }

    private static GatewayError Refuse(OpenAiCompletionsDialect dialect, string param, string what) =>
        GatewayError.InvalidRequest($"Provider kind '{dialect.Kind}' does not honour {what} in legacy completions; remove it for this model.", param, "unsupported_parameter");
}
