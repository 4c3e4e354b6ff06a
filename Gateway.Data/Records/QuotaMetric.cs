namespace Gateway.Data.Records;

/// <summary>What a quota counts: requests, tokens (prompt plus completion) or cost in US dollars.</summary>
public enum QuotaMetric
{
    Requests,
    Tokens,
    Cost,
}
