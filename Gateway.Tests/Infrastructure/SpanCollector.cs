using System.Diagnostics;
using Gateway.Proxy.Tracing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Tracing on with OpenTelemetry's in-memory exporter, for one gateway. Listeners are process-wide, so spans of other
/// tests' gateways arrive too: a test reads the spans of its own trace (it sends a <c>traceparent</c> with a fresh trace id).
/// </summary>
public sealed class SpanCollector
{
    private readonly LockedList _exported = new();
    private TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Registers tracing with this collector's exporter (a gateway's <c>configureServices</c>).</summary>
    public void AddTo(IServiceCollection services) =>
        TracingSetup.Add(services, configuration: null, tracing => tracing.AddInMemoryExporter(_exported).AddProcessor(new Signal(this)));

    public static string NewTraceId() => ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>
    /// A client of <paramref name="gateway"/> whose handler adds no trace header of its own: the test process's listeners
    /// (this collector's HttpClient instrumentation among them) must not rewrite the <c>traceparent</c> a test sends.
    /// </summary>
    public static HttpClient Client(GatewayHost gateway, string key = GatewayHost.ClientKey)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A sampled W3C <c>traceparent</c> of <paramref name="traceId"/>, as a client would send it.</summary>
    public static string Traceparent(string traceId, string parentSpanId = "00f067aa0ba902b7") => $"00-{traceId}-{parentSpanId}-01";

    /// <summary>The ended spans of a trace, once its server span has ended (it ends last: after the response).</summary>
    public async Task<IReadOnlyList<Activity>> TraceAsync(string traceId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var ended = Volatile.Read(ref _ended).Task;
            var spans = Of(traceId);
            if (spans.Any(span => span.Kind == ActivityKind.Server))
            {
                return spans;
            }
            var left = deadline - DateTime.UtcNow;
            try
            {
                await ended.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"No server span of trace {traceId} ended in time; spans of it: {string.Join(", ", spans.Select(span => span.DisplayName))}");
            }
        }
    }

    private List<Activity> Of(string traceId)
    {
        return _exported.Snapshot().Where(span => span.TraceId.ToHexString() == traceId).ToList();
    }

    /// <summary>The exporter's list: several gateways' requests end spans at once.</summary>
    private sealed class LockedList : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Runs after the exporter (processors run in order): wakes a waiting test for each ended span.</summary>
    private sealed class Signal(SpanCollector collector) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) =>
            Interlocked.Exchange(ref collector._ended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
