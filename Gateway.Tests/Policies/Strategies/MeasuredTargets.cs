using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;

namespace Gateway.Tests.Policies.Strategies;

/// <summary>Target statistics fed by hand, on a clock the test moves: what the latency-aware strategies rank by.</summary>
internal sealed class MeasuredTargets
{
    public MeasuredTargets() => Statistics = new TargetStatistics(Time);

    public ManualTimeProvider Time { get; } = new();

    public TargetStatistics Statistics { get; }

    /// <summary>One success of <paramref name="provider"/>'s model "m" that took <paramref name="milliseconds"/>, its first token at half that.</summary>
    public void Succeeded(string provider, double milliseconds) =>
        Statistics.RecordSuccess(provider, "m", TimeSpan.FromMilliseconds(milliseconds / 2), TimeSpan.FromMilliseconds(milliseconds), 50);

    public void Failed(string provider, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Statistics.RecordFailure(provider, "m");
        }
    }

    /// <summary>The route's targets in the order a candidate orderer seeded with <paramref name="seed"/> gives them on these measurements.</summary>
    public IReadOnlyList<RouteTarget> Order(ModelRoute route, int seed = 1) => new CandidateOrderer(new Random(seed), Statistics).Order(route);
}
