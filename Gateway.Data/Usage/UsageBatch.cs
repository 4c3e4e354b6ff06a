namespace Gateway.Data.Usage;

/// <summary>
/// The rows of one batch, held as the COPY text they are sent as (UTF-8, in one reused array) rather than as objects.
/// A batch gathers for up to its delay; rows kept as objects for that long outlived young-generation collections and
/// were promoted, which under load made four collections in five gen1 ones and GC pauses ~4 % of the gateway's CPU
/// instead of ~1.5 % (bench/README.md, fourteenth round). Rows with bodies, rare, are also kept whole for the bodies' binary COPY.
/// When the batch has to be spooled instead of written, <see cref="ToRows"/> reads its rows back from the text.
/// Not thread-safe: one writer loop owns it.
/// </summary>
public sealed class UsageBatch
{
    private readonly CopyTextRowEncoder _text = new(64 * 1024);
    private readonly List<(int Index, UsageRow Row)> _withBodies = [];

    /// <summary>Rows added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The rows as COPY text for <c>requests</c>, in <see cref="UsageBatchWriter"/>'s column order.</summary>
    internal ReadOnlyMemory<byte> Text => _text.Written;

    internal IReadOnlyList<(int Index, UsageRow Row)> RowsWithBodies => _withBodies;

    public void Add(UsageRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Encode(_text, row);
        if (row.HasBodies)
        {
            _withBodies.Add((Count, row));
        }
        Count++;
    }

    public void Clear()
    {
        _text.Clear();
        _withBodies.Clear();
        Count = 0;
    }

    /// <summary>
    /// The rows as stored: values as the encoder brought them within the columns (times cut to microseconds, NUL made
    /// U+FFFD, an address that is not one dropped), so writing them again gives the same text. A row that does not read
    /// back (a fault of this class, never of the data) is counted in <paramref name="unreadable"/> instead of failing
    /// the rest.
    /// </summary>
    public List<UsageRow> ToRows(out int unreadable)
    {
        var rows = new List<UsageRow>(Count);
        var text = _text.Written.Span;
        var bodies = 0;
        unreadable = 0;
        for (var index = 0; !text.IsEmpty; index++)
        {
            var end = text.IndexOf((byte)'\n');
            var line = text[..end];
            text = text[(end + 1)..];
            UsageRow row;
            try
            {
                row = Decode(line);
            }
            catch (FormatException)
            {
                unreadable++;
                continue;
            }
            while (bodies < _withBodies.Count && _withBodies[bodies].Index < index)
            {
                bodies++;
            }
            if (bodies < _withBodies.Count && _withBodies[bodies].Index == index)
            {
                var whole = _withBodies[bodies++].Row;
                row = row with
                {
                    RequestBody = whole.RequestBody,
                    ResponseBody = whole.ResponseBody,
                    RequestBodyTruncated = whole.RequestBodyTruncated,
                    ResponseBodyTruncated = whole.ResponseBodyTruncated,
                };
            }
            rows.Add(row);
        }
        return rows;
    }

    // The two below list the columns in UsageBatchWriter.RequestColumns' order; a change to one is a change to all three.
    private static void Encode(CopyTextRowEncoder encoder, UsageRow row)
    {
        encoder.Text(row.Id);
        encoder.Timestamp(row.CreatedAt);
        encoder.Uuid(row.KeyId);
        encoder.Text(row.ConfigKeyId);
        encoder.Uuid(row.OrgId);
        encoder.Uuid(row.TeamId);
        encoder.Uuid(row.EnvironmentId);
        encoder.Text(row.RequestedModel);
        encoder.Text(row.ProviderId);
        encoder.Text(row.ServedModel);
        encoder.Text(row.ProviderResponseId);
        encoder.Integer(row.Status);
        encoder.Text(row.ErrorCode);
        encoder.Integer(row.PromptTokens);
        encoder.Integer(row.CompletionTokens);
        encoder.Integer(row.CachedReadTokens);
        encoder.Integer(row.CacheWriteTokens);
        encoder.Integer(row.ReasoningTokens);
        encoder.Numeric(row.Cost);
        encoder.Integer(row.LatencyMs);
        encoder.Integer(row.UpstreamLatencyMs);
        encoder.Integer(row.TtftMs);
        encoder.Boolean(row.Stream);
        encoder.Boolean(row.Estimated);
        encoder.Text(row.FinishReason);
        encoder.Inet(row.ClientIp);
        encoder.Text(row.UserAgent);
        encoder.Json(row.RoutingDecision);
        encoder.Json(row.Attempts);
        encoder.Text(row.Kind);
        encoder.Text(row.BillingUnit);
        encoder.Numeric(row.BillingQuantity);
        encoder.Boolean(row.CacheHit);
        encoder.Numeric(row.CostSaved);
        encoder.EndRow();
    }

    private static UsageRow Decode(ReadOnlySpan<byte> line)
    {
        var fields = new CopyTextFieldReader(line);
        // Initializers run in the order written: the columns' order.
        return new UsageRow
        {
            Id = fields.RequiredText(),
            CreatedAt = fields.Timestamp(),
            KeyId = fields.Uuid(),
            ConfigKeyId = fields.Text(),
            OrgId = fields.Uuid(),
            TeamId = fields.Uuid(),
            EnvironmentId = fields.Uuid(),
            RequestedModel = fields.RequiredText(),
            ProviderId = fields.Text(),
            ServedModel = fields.Text(),
            ProviderResponseId = fields.Text(),
            Status = fields.Integer(),
            ErrorCode = fields.Text(),
            PromptTokens = fields.Integer(),
            CompletionTokens = fields.Integer(),
            CachedReadTokens = fields.Integer(),
            CacheWriteTokens = fields.Integer(),
            ReasoningTokens = fields.Integer(),
            Cost = fields.Numeric(),
            LatencyMs = fields.Integer(),
            UpstreamLatencyMs = fields.NullableInteger(),
            TtftMs = fields.NullableInteger(),
            Stream = fields.Boolean(),
            Estimated = fields.Boolean(),
            FinishReason = fields.Text(),
            ClientIp = fields.Text(),
            UserAgent = fields.Text(),
            RoutingDecision = fields.Text(),
            Attempts = fields.RequiredText(),
            Kind = fields.RequiredText(),
            BillingUnit = fields.RequiredText(),
            BillingQuantity = fields.Numeric(),
            CacheHit = fields.Boolean(),
            CostSaved = fields.Numeric(),
        };
    }
}
