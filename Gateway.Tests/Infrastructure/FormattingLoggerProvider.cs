using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A logger provider that formats every entry with a real console formatter, with the logger factory's scopes, into
/// lines the test can read: what the console would print, without touching the process's console.
/// </summary>
public sealed class FormattingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly WrittenLines _written = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public FormattingLoggerProvider(ConsoleFormatter formatter)
    {
        _formatter = formatter;
    }

    /// <summary>
    /// A provider formatting with the console formatter named <paramref name="formatterName"/> that the gateway's logging
    /// registered in <paramref name="services"/> (<see cref="ConsoleFormatterNames.Simple"/>, or the gateway's JSON one).
    /// </summary>
    public static FormattingLoggerProvider UsingConsoleFormatter(IServiceProvider services, string formatterName) =>
        new(services.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == formatterName));

    /// <summary>Every line written so far, in order.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The first line that matches, waiting for it: some lines are written after the response is sent.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => _written.WaitForAsync(() => _lines, match, timeout);

    public ILogger CreateLogger(string categoryName) => new FormattingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _written.Dispose();

    private sealed class FormattingLogger(FormattingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            foreach (var line in writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
            {
                owner._lines.Enqueue(line);
            }
            owner._written.Signal();
        }
    }
}
