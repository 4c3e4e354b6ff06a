namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// The warm-up host's logging: enabled as the real host's console is (so the same log calls run and get formatted
/// nowhere), writing nothing.
/// </summary>
internal sealed class DiscardingLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => DiscardingLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class DiscardingLogger : ILogger
    {
        public static readonly DiscardingLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
