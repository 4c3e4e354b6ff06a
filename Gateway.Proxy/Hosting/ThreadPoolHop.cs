using System.Runtime.CompilerServices;

namespace Gateway.Proxy.Hosting;

/// <summary>
/// An awaitable that, when it hops, always continues on a thread-pool worker. An <c>async</c> method around
/// <c>await Task.Yield()</c> does not promise that: a worker can finish it before the caller looks, and the caller then
/// continues on its own thread.
/// </summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    private readonly bool _hop;

    public ThreadPoolHop(bool hop) => _hop = hop;

    public bool IsCompleted => !_hop;

    public ThreadPoolHop GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static run => run(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static run => run(), continuation, preferLocal: false);
}
