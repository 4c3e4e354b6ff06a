using System.Globalization;
using System.Diagnostics;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A converted stream's events are held back only while the provider has more ready: each event the provider sends on
/// its own reaches the client before the provider sends the next, with requests run on the thread that read them (the
/// shipped setting) and with them handed to the thread pool.
/// </summary>
[TestFixture]
public sealed class StreamDeliveryTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);
    private const int Words = 6;

    private PacedStreamProvider _paced = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _paced = await PacedStreamProvider.StartAsync(Words, Interval);

    [OneTimeTearDown]
    public async Task StopAsync() => await _paced.DisposeAsync();

    [TestCase(true)]
    [TestCase(false)]
    public async Task Delivers_each_event_the_provider_sends_alone_before_the_next(bool inlineScheduling)
    {
        await using var gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": { "paced": { "Kind": "openai", "BaseUrl": "{{_paced.Url}}/v1", "ApiKey": "k" } },
                "Models": { "paced": { "Targets": [ { "Provider": "paced", "Model": "m" } ] } },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """, catalogJson: null, "--Gateway:Server:InlineRequestScheduling", inlineScheduling ? "true" : "false");

        var arrivals = new List<TimeSpan>();
        var text = new StringBuilder();
        var started = Stopwatch.GetTimestamp();
        await foreach (var update in gateway.ChatClient("paced").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                arrivals.Add(Stopwatch.GetElapsedTime(started));
            }
        }

        Assert.That(text.ToString(), Is.EqualTo(string.Concat(Enumerable.Repeat(PacedStreamProvider.Word, Words))));
        Assert.That(arrivals, Has.Count.EqualTo(Words), "one update a word");
        // Held back until the end, the words would arrive together; as sent, they span the provider's pauses.
        Assert.That(arrivals[^1] - arrivals[0], Is.GreaterThanOrEqualTo(Interval * (Words - 3)),
            $"arrivals: {string.Join(", ", arrivals.Select(a => a.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)))} ms");
    }
}
