namespace Gateway.Proxy.Usage;

/// <summary>Takes usage records off the request path; must never block or throw.</summary>
internal interface IUsageSink
{
    void Record(UsageRecord record);
}
