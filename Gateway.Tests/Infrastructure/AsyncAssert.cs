namespace Gateway.Tests.Infrastructure;

/// <summary>
/// NUnit's <c>await AsyncAssert.ThrowsAsync</c>, <c>CatchAsync</c> and <c>DoesNotThrowAsync</c>, awaited instead of blocked on. NUnit's
/// block the calling thread until the code finishes; the tests run with inline socket completions (as the gateway does),
/// so after an await that thread can be a socket engine's, and blocking it stalls the very sockets the code waits for.
/// </summary>
public static class AsyncAssert
{
    /// <summary>The exception of exactly type <typeparamref name="T"/> that <paramref name="code"/> throws; fails otherwise.</summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> code, string? message = null)
        where T : Exception
    {
        var caught = await CaughtAsync(code).ConfigureAwait(false);
        if (caught?.GetType() != typeof(T))
        {
            Assert.Fail(Describe($"Expected {typeof(T).FullName} to be thrown", caught, message));
        }
        return (T)caught!;
    }

    /// <summary>The exception of type <typeparamref name="T"/> or one derived from it that <paramref name="code"/> throws; fails otherwise.</summary>
    public static async Task<T> CatchAsync<T>(Func<Task> code, string? message = null)
        where T : Exception
    {
        var caught = await CaughtAsync(code).ConfigureAwait(false);
        if (caught is not T expected)
        {
            Assert.Fail(Describe($"Expected {typeof(T).FullName} or a type derived from it to be thrown", caught, message));
            return null!;
        }
        return expected;
    }

    /// <summary>The exception <paramref name="code"/> throws, whatever its type; fails if it throws none.</summary>
    public static Task<Exception> CatchAsync(Func<Task> code, string? message = null) => CatchAsync<Exception>(code, message);

    /// <summary>Fails if <paramref name="code"/> throws.</summary>
    public static async Task DoesNotThrowAsync(Func<Task> code, string? message = null)
    {
        if (await CaughtAsync(code).ConfigureAwait(false) is { } caught)
        {
            Assert.Fail(Describe("Expected no exception to be thrown", caught, message));
        }
    }

    private static async Task<Exception?> CaughtAsync(Func<Task> code)
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            await code().ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // Whatever it throws is the subject of the assertion.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private static string Describe(string expectation, Exception? caught, string? message) =>
        (message is null ? "" : message + Environment.NewLine)
        + expectation + ", but " + (caught is null ? "nothing was thrown." : $"{caught.GetType().FullName} was: {caught}");
}
