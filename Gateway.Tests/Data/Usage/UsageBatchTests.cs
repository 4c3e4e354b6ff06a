using System.Text;
using Gateway.Data.Usage;

namespace Gateway.Tests.Data.Usage;

/// <summary>
/// A batch holds its rows as COPY text; when it has to be spooled instead of written, the rows read back from that text
/// must be the rows the database would have stored, and write the same text again.
/// </summary>
[TestFixture]
public sealed class UsageBatchTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 7, 17, 4, 5, TimeSpan.FromHours(-5)).AddTicks(1234567);

    [Test]
    public void Reads_back_every_field_as_the_database_would_store_it()
    {
        var row = OddRow();
        var batch = new UsageBatch();

        batch.Add(row);
        var read = batch.ToRows(out var unreadable);

        Assert.That(unreadable, Is.Zero);
        var expected = row with
        {
            CreatedAt = At.AddTicks(-7),
            UserAgent = "agent\uFFFDwith nul and a lone \uFFFD surrogate",
            ClientIp = "fe80::1",
            RoutingDecision = """{"strategy":"a\\u0000b \ufffd \t"}""",
        };
        Assert.That(read, Has.Count.EqualTo(1));
        Assert.That(read[0], Is.EqualTo(expected));
        Assert.That(read[0].CreatedAt.UtcTicks, Is.EqualTo(expected.CreatedAt.UtcTicks), "cut to microseconds, as stored");
    }

    [Test]
    public void Rows_read_back_give_the_same_text_again()
    {
        var batch = new UsageBatch();
        batch.Add(OddRow());
        batch.Add(PlainRow("gen-2") with { ClientIp = "not an address", ErrorCode = "", FinishReason = "\\N" });
        batch.Add(PlainRow("gen-3") with { KeyId = Guid.Parse("0b4a3f0e-8c1d-4d7e-9f00-1234567890ab"), ConfigKeyId = null });
        var first = batch.Text.ToArray();

        var again = new UsageBatch();
        foreach (var row in batch.ToRows(out _))
        {
            again.Add(row);
        }

        Assert.That(Encoding.UTF8.GetString(again.Text.Span), Is.EqualTo(Encoding.UTF8.GetString(first)));
    }

    [Test]
    public void Tells_an_empty_string_from_null_and_from_a_literal_backslash_n()
    {
        var batch = new UsageBatch();
        batch.Add(PlainRow("gen-1") with { ErrorCode = "", FinishReason = null, UserAgent = "\\N", ProviderResponseId = "\\" });

        var read = batch.ToRows(out _)[0];

        Assert.That(read.ErrorCode, Is.EqualTo(""));
        Assert.That(read.FinishReason, Is.Null);
        Assert.That(read.UserAgent, Is.EqualTo("\\N"));
        Assert.That(read.ProviderResponseId, Is.EqualTo("\\"));
    }

    [Test]
    public void Keeps_each_rows_bodies_with_it()
    {
        var batch = new UsageBatch();
        batch.Add(PlainRow("gen-1"));
        batch.Add(PlainRow("gen-2") with { RequestBody = "{\"model\":\"m\"}", ResponseBody = "{\"id\"", ResponseBodyTruncated = true });
        batch.Add(PlainRow("gen-3"));
        batch.Add(PlainRow("gen-4") with { ResponseBody = "answer\twith\ttabs" });

        var read = batch.ToRows(out var unreadable);

        Assert.That(unreadable, Is.Zero);
        Assert.That(read.Select(r => (r.Id, r.RequestBody, r.ResponseBody, r.ResponseBodyTruncated)), Is.EqualTo(new[]
        {
            ("gen-1", (string?)null, (string?)null, false),
            ("gen-2", "{\"model\":\"m\"}", "{\"id\"", true),
            ("gen-3", null, null, false),
            ("gen-4", null, "answer\twith\ttabs", false),
        }));
    }

    [Test]
    public void Starts_empty_again_after_clear()
    {
        var batch = new UsageBatch();
        batch.Add(PlainRow("gen-1") with { RequestBody = "{}" });

        batch.Clear();
        batch.Add(PlainRow("gen-2"));

        Assert.That(batch.Count, Is.EqualTo(1));
        Assert.That(batch.ToRows(out _).Select(r => (r.Id, r.HasBodies)), Is.EqualTo(new[] { ("gen-2", false) }));
    }

    private static UsageRow OddRow() => new()
    {
        Id = "gen-odd\t1",
        CreatedAt = At,
        KeyId = null,
        ConfigKeyId = "key\\with\\backslashes",
        OrgId = Guid.Parse("11111111-2222-3333-4444-555555555555"),
        TeamId = null,
        EnvironmentId = Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
        RequestedModel = "odd\\model\twith\ttabs\nand\r\nlines \\N é 😀",
        ProviderId = "p",
        ServedModel = "m",
        ProviderResponseId = "chatcmpl-1",
        Status = 502,
        ErrorCode = "upstream_error",
        PromptTokens = 10,
        CompletionTokens = 5,
        CachedReadTokens = 3,
        CacheWriteTokens = 2,
        ReasoningTokens = 1,
        Cost = 0.000001475m,
        LatencyMs = 120,
        UpstreamLatencyMs = null,
        TtftMs = 7,
        Stream = true,
        Estimated = true,
        Kind = "embeddings",
        BillingUnit = "input_tokens",
        BillingQuantity = 12.5m,
        CacheHit = true,
        CostSaved = 0.25m,
        FinishReason = "stop",
        ClientIp = "fe80::1%2",
        UserAgent = "agent\0with nul and a lone \uD800 surrogate",
        RoutingDecision = """{"strategy":"a\\u0000b \u0000 \t"}""",
        Attempts = """[{"attempt":1,"provider":"p","billed":true}]""",
    };

    private static UsageRow PlainRow(string id) => new()
    {
        Id = id,
        CreatedAt = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero),
        ConfigKeyId = "bench",
        RequestedModel = "chat",
        Status = 200,
        LatencyMs = 5,
        ClientIp = "127.0.0.1",
    };
}
