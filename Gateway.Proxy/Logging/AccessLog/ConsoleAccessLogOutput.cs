using Microsoft.Extensions.Logging.Console;

namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// The process's standard output (standard error when the console logger sends Information there), written as raw
/// UTF-8 in one call per batch. The console logger writes through <see cref="Console.Out"/>, whose writer is
/// synchronized on itself and flushes every write; holding the same lock keeps a batch and its lines whole.
/// </summary>
internal sealed class ConsoleAccessLogOutput : IAccessLogOutput, IDisposable
{
    private readonly bool _toStandardError;
    private Stream? _stream;

    public ConsoleAccessLogOutput(IOptions<ConsoleLoggerOptions> console)
    {
        ArgumentNullException.ThrowIfNull(console);
        _toStandardError = console.Value.LogToStandardErrorThreshold <= LogLevel.Information;
    }

    public void Write(ReadOnlySpan<byte> lines)
    {
        var writer = _toStandardError ? Console.Error : Console.Out;
        lock (writer)
        {
            _stream ??= _toStandardError ? Console.OpenStandardError() : Console.OpenStandardOutput();
            _stream.Write(lines);
        }
    }

    public void Dispose() => _stream?.Dispose();
}
