using Microsoft.Extensions.Options;

namespace Gateway.Tests.Infrastructure;

/// <summary>An options monitor over one value the test may change.</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
