using Gateway.Proxy.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// Inline socket completions (Gateway:Server): the option sets the runtime's variable unless the environment already does,
/// and work that grows with a body leaves a socket thread past the threshold.
/// </summary>
[TestFixture]
public sealed class SocketThreadsTests
{
    [TestCase(true, null, "1")]
    [TestCase(false, null, "0")]
    [TestCase(true, "0", null)]
    [TestCase(false, "1", null)]
    public void The_option_sets_inline_completions_unless_the_environment_already_does(bool configured, string? existing, string? expected) =>
        Assert.That(SocketThreads.VariableValue(configured, existing), Is.EqualTo(expected));

    [Test]
    public void Large_work_on_a_thread_outside_the_pool_is_offloaded_and_small_work_is_not()
    {
        bool large = false, small = true;
        var thread = new Thread(() =>
        {
            large = SocketThreads.ShouldOffload(65_536, 65_536);
            small = SocketThreads.ShouldOffload(65_535, 65_536);
        });
        thread.Start();
        thread.Join();

        Assert.That(large, Is.True);
        Assert.That(small, Is.False);
    }

    [Test]
    public async Task Work_already_on_the_thread_pool_stays_where_it_is()
    {
        var offload = await Task.Run(() => SocketThreads.ShouldOffload(1L << 30, 1));

        Assert.That(offload, Is.False);
    }

    [Test]
    public async Task Offloaded_work_continues_on_the_thread_pool()
    {
        Task<bool>? continuedOnPool = null;
        var thread = new Thread(() => continuedOnPool = ContinuesOnPoolAsync());
        thread.Start();
        thread.Join();

        Assert.That(await continuedOnPool!, Is.True);

        static async Task<bool> ContinuesOnPoolAsync()
        {
            await SocketThreads.OffloadIfLargeAsync(65_536, 65_536).ConfigureAwait(false);
            return Thread.CurrentThread.IsThreadPoolThread;
        }
    }
}
