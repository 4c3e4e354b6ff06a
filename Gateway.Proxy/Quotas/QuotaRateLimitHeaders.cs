using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// OpenAI's rate-limit headers, on every answer to a limited key (success or refusal):
/// <c>x-ratelimit-limit-requests</c>, <c>x-ratelimit-remaining-requests</c>, <c>x-ratelimit-reset-requests</c> and the
/// <c>-tokens</c> three. Where several limits count one measure (a key's rpm and its team's), the one with the
/// least left is reported. Written when the response starts, so a failover's <c>Response.Clear()</c> keeps them.
/// </summary>
internal static class QuotaRateLimitHeaders
{
    public static void Attach(HttpResponse response, IReadOnlyList<QuotaStanding> standings)
    {
        ArgumentNullException.ThrowIfNull(response);
        var requests = Tightest(standings, QuotaMeasure.Requests);
        var tokens = Tightest(standings, QuotaMeasure.Tokens);
        if (requests is null && tokens is null)
        {
            return;
        }
        response.OnStarting(static state =>
        {
            var (response, requests, tokens) = ((HttpResponse, QuotaStanding?, QuotaStanding?))state;
            if (requests is { } r)
            {
                Write(response.Headers, "requests", r);
            }
            if (tokens is { } t)
            {
                Write(response.Headers, "tokens", t);
            }
            return Task.CompletedTask;
        }, (response, requests, tokens));
    }

    private static void Write(IHeaderDictionary headers, string measure, QuotaStanding standing)
    {
        headers["x-ratelimit-limit-" + measure] = Math.Floor(standing.Limit.Limit).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-" + measure] = Math.Floor(standing.Remaining).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset-" + measure] = RateLimitResetFormat.Format(standing.Reset);
    }

    private static QuotaStanding? Tightest(IReadOnlyList<QuotaStanding> standings, QuotaMeasure measure)
    {
        QuotaStanding? tightest = null;
        foreach (var standing in standings)
        {
            if (standing.Limit.Measure != measure)
            {
                continue;
            }
            if (tightest is not { } best || standing.Remaining < best.Remaining
                || (standing.Remaining == best.Remaining && standing.Reset < best.Reset))
            {
                tightest = standing;
            }
        }
        return tightest;
    }
}
