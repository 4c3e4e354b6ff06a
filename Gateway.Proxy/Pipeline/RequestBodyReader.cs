using Gateway.Transforms.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Gateway.Proxy.Pipeline;

/// <summary>Reads the client's JSON body once, into pooled memory, within the configured size limit.</summary>
internal static class RequestBodyReader
{
    public static async ValueTask<GatewayError?> ReadAsync(HttpRequest request, PooledByteBufferWriter buffer, long limit)
    {
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            return new GatewayError(415, GatewayErrorTypes.InvalidRequest,
                $"Unsupported content type '{contentType}'; send the body as application/json.", "unsupported_media_type");
        }
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    if (buffer.WrittenCount + segment.Length > limit)
                    {
                        reader.AdvanceTo(result.Buffer.End);
                        return TooLarge(limit);
                    }
                    buffer.Write(segment.Span);
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(limit)
                : new GatewayError(ex.StatusCode, GatewayErrorTypes.InvalidRequest, $"The request body could not be read: {ex.Message}", "bad_request");
        }
        catch (InvalidDataException)
        {
            return new GatewayError(400, GatewayErrorTypes.InvalidRequest,
                            "The request body could not be decompressed as its Content-Encoding says.", "bad_request");
        }
        catch (IOException ex)
        {
            return new GatewayError(400, GatewayErrorTypes.InvalidRequest, $"The request body could not be read: {ex.Message}", "bad_request");
        }

        return buffer.WrittenCount == 0
            ? new GatewayError(400, GatewayErrorTypes.InvalidRequest, "The request body is empty; send a JSON object.", "missing_body")
            : null;
    }

    private static GatewayError TooLarge(long limit) =>
        new(413, GatewayErrorTypes.InvalidRequest, $"The request body is larger than the gateway's limit of {limit} bytes.", "request_too_large");

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);
}
