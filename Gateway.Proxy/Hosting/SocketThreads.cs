using System.Runtime.CompilerServices;

namespace Gateway.Proxy.Hosting;

/// <summary>
/// Inline socket completions and request scheduling (<see cref="ServerThreadingOptions"/>): turning them on before the
/// first socket exists, and telling when work about to start would run on a socket engine's thread.
/// </summary>
internal static class SocketThreads
{
    /// <summary>The runtime reads it once, when the first socket registers with its event loop.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets <see cref="InlineCompletionsVariable"/> from the option unless the environment already sets it.</summary>
    public static void Configure(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (VariableValue(Configured(configuration), Environment.GetEnvironmentVariable(InlineCompletionsVariable)) is { } value)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, value);
        }
    }

    /// <summary>What the configuration asks for (the option's default when it says nothing); read before options exist.</summary>
    public static bool Configured(IConfiguration configuration) =>
        Setting(configuration, nameof(ServerThreadingOptions.InlineSocketCompletions), ServerThreadingOptions.DefaultInlineSocketCompletions);

    /// <summary>Whether Kestrel should run requests on the thread that read them (<see cref="ServerThreadingOptions.InlineRequestScheduling"/>).</summary>
    public static bool InlineRequestScheduling(IConfiguration configuration) =>
        Setting(configuration, nameof(ServerThreadingOptions.InlineRequestScheduling), ServerThreadingOptions.DefaultInlineRequestScheduling);

    /// <summary>The value to give the variable, or null to leave it as the environment has it.</summary>
    public static string? VariableValue(bool configured, string? existing) =>
        existing is not null ? null : configured ? "1" : "0";

    /// <summary>
    /// Whether work over <paramref name="bytes"/> should first move to the thread pool (<see cref="ThreadPoolHop"/>): it is at
    /// least <paramref name="threshold"/> and the current thread is not a pool worker, so a socket engine's.
    /// </summary>
    public static bool ShouldOffload(long bytes, long threshold) =>
        bytes >= threshold && !Thread.CurrentThread.IsThreadPoolThread;

    /// <summary>Continues on the thread pool unless already on a pool worker.</summary>
    public static ThreadPoolHop LeaveSocketThread() => new(!Thread.CurrentThread.IsThreadPoolThread);

    /// <summary><see cref="LeaveSocketThread"/> for a caller that takes a <see cref="ValueTask"/> (awaited once: pooled, not boxed a stream).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask LeaveSocketThreadAsync() => await LeaveSocketThread();

    /// <summary>Continues on the thread pool when <see cref="ShouldOffload"/> says so; completes at once otherwise.</summary>
    public static ThreadPoolHop OffloadIfLargeAsync(long bytes, long threshold) => new(ShouldOffload(bytes, threshold));

    private static bool Setting(IConfiguration configuration, string name, bool fallback) =>
        configuration.GetValue(ServerThreadingOptions.Section + ":" + name, fallback);
}
