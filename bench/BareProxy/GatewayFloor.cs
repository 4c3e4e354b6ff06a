using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Bench.BareProxy;

/// <summary>
/// The least an LLM gateway does on top of forwarding (<c>--FloorKey KEY</c>): it authenticates the caller by a hash of
/// the key, reads the whole request body and parses it to find the model (to route and price it), and reads the
/// usage in the answer (to bill it). Nothing else of the gateway: no conversion, limits, metrics, logging or
/// recording. A reference point between bare YARP and the gateway, not a product.
/// </summary>
internal sealed class GatewayFloor
{
    private static readonly byte[] PromptTokens = "\"prompt_tokens\":"u8.ToArray();
    private static readonly byte[] CompletionTokens = "\"completion_tokens\":"u8.ToArray();

    private readonly byte[] _keyHash;
    private long _answersWithUsage;

    /// <param name="key">The one key accepted (the bench's throwaway key).</param>
    public GatewayFloor(string key) => _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Answers whose usage counts were read so far; read at the end of a run to show the scan ran.</summary>
    public long AnswersWithUsage => Interlocked.Read(ref _answersWithUsage);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (!IsAuthenticated(context.Request.Headers.Authorization.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted).ConfigureAwait(false);
        if (!HasModel(body))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        context.Request.Body = new MemoryStream(body, writable: false);
        var answer = context.Response.Body;
        var scanner = new UsageScanningStream(answer);
        context.Response.Body = scanner;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = answer;
        }
        if (scanner.PromptTokens > 0 && scanner.CompletionTokens > 0)
        {
            Interlocked.Increment(ref _answersWithUsage);
        }
    }

    private bool IsAuthenticated(string authorization)
    {
        const string Bearer = "Bearer ";
        if (!authorization.StartsWith(Bearer, StringComparison.Ordinal))
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var key = authorization.AsSpan(Bearer.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            SHA256.HashData(bytes.AsSpan(0, Encoding.UTF8.GetBytes(key, bytes)), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        return CryptographicOperations.FixedTimeEquals(hash, _keyHash);
    }

    // One copy of the whole body, as a gateway keeps it to rewrite and forward.
    private static async ValueTask<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    // Every token read, as validation does; the top-level "model" must be a non-empty string.
    private static bool HasModel(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        var model = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        return model;
    }

    /// <summary>Passes the answer through and reads the token counts of its usage object on the way.</summary>
    private sealed class UsageScanningStream(Stream inner) : Stream
    {
        public int PromptTokens { get; private set; }

        public int CompletionTokens { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Scan(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Scan(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Scan(ReadOnlySpan<byte> chunk)
        {
            if (TryReadCount(chunk, GatewayFloor.PromptTokens, out var prompt))
            {
                PromptTokens = prompt;
            }
            if (TryReadCount(chunk, GatewayFloor.CompletionTokens, out var completion))
            {
                CompletionTokens = completion;
            }
        }

        private static bool TryReadCount(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> name, out int value)
        {
            var at = chunk.IndexOf(name);
            value = 0;
            return at >= 0 && Utf8Parser.TryParse(chunk[(at + name.Length)..].TrimStart((byte)' '), out value, out _);
        }
    }
}
