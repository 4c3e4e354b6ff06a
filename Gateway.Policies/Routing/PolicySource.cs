namespace Gateway.Policies.Routing;

/// <summary>Where the ordering of a request's candidates came from, most specific first.</summary>
public enum PolicySource
{
    /// <summary>The alias's own <c>Strategy</c> (or failover for a <c>provider/model</c> name).</summary>
    Alias,

    /// <summary>A scoped routing policy (org, team, environment or global).</summary>
    Policy,

    /// <summary>The request: <c>provider.sort</c> or a <c>:floor</c> / <c>:nitro</c> suffix.</summary>
    Request,
}
