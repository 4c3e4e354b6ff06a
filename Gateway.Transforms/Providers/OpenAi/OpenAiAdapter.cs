using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>Any OpenAI-compatible chat completions API (kind <c>openai</c>).</summary>
public sealed class OpenAiAdapter : IProviderAdapter
{
    private readonly OpenAiRequestWriter _requestWriter = new();

    public string Kind => "openai";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema
        | ProviderCapabilities.MultipleChoices | ProviderCapabilities.StreamUsage | ProviderCapabilities.Streaming;

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        _requestWriter.Write(request, target, body);
        return null;
    }

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, "/chat/completions"));
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        OpenAiResponseRewriter.Rewrite(upstreamBody, context, outcome, json, writeUsage: true, dropUsageOnlyObject: false);
    }

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new OpenAiStreamTranscoder(context, outcome);

    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => OpenAiErrorReader.Read(body);
}
