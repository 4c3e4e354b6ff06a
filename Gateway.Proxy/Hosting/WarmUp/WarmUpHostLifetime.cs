namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// The lifetime of the warm-up's private hosts: started and stopped by the warm-up alone. The default console lifetime
/// would also answer SIGTERM and Ctrl+C, which are the real host's to handle.
/// </summary>
internal sealed class WarmUpHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
