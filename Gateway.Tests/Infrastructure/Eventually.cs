namespace Gateway.Tests.Infrastructure;

/// <summary>Waits for something a test cannot await directly by polling for it, and fails the test when it does not come in time.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/> until it holds; fails the test once <paramref name="within"/> has passed.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan poll)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the condition did not hold within {within.TotalSeconds} s");
            }
            await Task.Delay(poll);
        }
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan, TimeSpan)"/>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, TimeSpan poll) =>
        HoldsAsync(() => Task.FromResult(condition()), within, poll);
}
