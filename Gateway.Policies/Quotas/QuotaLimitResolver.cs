using Gateway.Policies.Keys;

namespace Gateway.Policies.Quotas;

/// <summary>
/// Every limit that applies to a request made with a key: the key's own (config fields or its binding's rpm/tpm, and
/// quota rows for the key), and the quota rows of the key's environment, team and organization. A request must fit
/// under all of them.
/// </summary>
public static class QuotaLimitResolver
{
    public static IReadOnlyList<QuotaLimit> Resolve(GatewayKey key, QuotaLimitIndex database)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(database);
        var limits = new List<QuotaLimit>();
        var subject = QuotaSubject.Key(key.Id);
        if (key.RequestsPerMinute is { } rpm)
        {
            Add(limits, new QuotaLimit(subject, QuotaMeasure.Requests, QuotaPeriod.Minute, rpm));
        }
        if (key.TokensPerMinute is { } tpm)
        {
            Add(limits, new QuotaLimit(subject, QuotaMeasure.Tokens, QuotaPeriod.Minute, tpm));
        }
        if (key.DailyBudgetUsd is { } daily)
        {
            Add(limits, new QuotaLimit(subject, QuotaMeasure.Cost, QuotaPeriod.Day, daily));
        }
        if (key.MonthlyBudgetUsd is { } monthly)
        {
            Add(limits, new QuotaLimit(subject, QuotaMeasure.Cost, QuotaPeriod.Month, monthly));
        }
        if (database.Count == 0)
        {
            return limits;
        }

        AddAll(limits, database.For(subject));
        var scope = key.Scope;
        if (scope.EnvironmentId is { } environment)
        {
            AddAll(limits, database.For(QuotaSubject.Environment(environment)));
        }
        if (scope.TeamId is { } team)
        {
            AddAll(limits, database.For(QuotaSubject.Team(team)));
        }
        if (scope.OrganizationId is { } organization)
        {
            AddAll(limits, database.For(QuotaSubject.Organization(organization)));
        }
        return limits;
    }

    private static void AddAll(List<QuotaLimit> limits, IReadOnlyList<QuotaLimit> more)
    {
        foreach (var limit in more)
        {
            Add(limits, limit);
        }
    }

    /// <summary>One counter per subject, measure and period: of two limits on it, the lower one holds.</summary>
    private static void Add(List<QuotaLimit> limits, QuotaLimit limit)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            if (limits[i].SameCounter(limit))
            {
                if (limit.Limit < limits[i].Limit)
                {
                    limits[i] = limit;
                }
                return;
            }
        }
        limits.Add(limit);
    }
}
