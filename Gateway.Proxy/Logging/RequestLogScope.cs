using System.Collections;

namespace Gateway.Proxy.Logging;

/// <summary>
/// The logging scope of one gateway request: its <c>gen-…</c> id (the response's <c>id</c>), so every line logged
/// while the request runs can be found by the id a client reports. The JSON formatter writes it as <c>request_id</c>.
/// </summary>
internal sealed class RequestLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Key = "GatewayRequestId";

    public RequestLogScope(string requestId)
    {
        RequestId = requestId;
    }

    public string RequestId { get; }

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new KeyValuePair<string, object?>(Key, RequestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Key}:{RequestId}";
}
