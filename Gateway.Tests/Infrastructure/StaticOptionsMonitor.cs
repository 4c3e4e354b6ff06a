using Microsoft.Extensions.Options;

namespace Gateway.Tests.Infrastructure;

/// <summary>An options monitor with a fixed value, for components built by hand in tests.</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
