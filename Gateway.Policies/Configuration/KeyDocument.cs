namespace Gateway.Policies.Configuration;

/// <summary>A gateway API key from config: the key itself as a secret reference, or only its SHA-256 hash.</summary>
public sealed class KeyDocument
{
    /// <summary>A secret reference (<c>env:NAME</c>); a literal value is accepted with a warning.</summary>
    public string? Key { get; set; }

    /// <summary>Hex SHA-256 of the key, optionally prefixed <c>sha256:</c>; lets config carry no secret at all.</summary>
    public string? KeyHash { get; set; }

    /// <summary>Model names (aliases or provider/model) this key may use; empty means all.</summary>
    public List<string> Models { get; init; } = [];

    public bool? Enabled { get; set; }

    /// <summary>May address <c>provider/model</c> directly, not only aliases; unset means yes (where the provider allows it).</summary>
    public bool? AllowDirectModels { get; set; }

    /// <summary>The region whose provider destinations this key prefers (else the gateway's own <c>Gateway:Region</c>).</summary>
    public string? Region { get; set; }

    /// <summary>May call the admin API (<c>/admin/v1</c>).</summary>
    public bool? Admin { get; set; }

    /// <summary>Requests per UTC minute; unset means no limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Prompt plus completion tokens per UTC minute.</summary>
    public long? TokensPerMinute { get; set; }

    /// <summary>US dollars per UTC day, from the price of the model that served each request.</summary>
    public decimal? DailyBudgetUsd { get; set; }

    /// <summary>US dollars per calendar month (UTC).</summary>
    public decimal? MonthlyBudgetUsd { get; set; }

    /// <summary>Requests in flight at once (streams until they end), per replica; unset: <c>Quotas:DefaultMaxConcurrentRequestsPerKey</c>.</summary>
    public int? MaxConcurrentRequests { get; set; }
}
