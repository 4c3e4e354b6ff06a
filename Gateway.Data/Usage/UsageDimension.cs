namespace Gateway.Data.Usage;

/// <summary>What usage totals are grouped by.</summary>
public enum UsageDimension
{
    /// <summary>The model name the client asked for (an alias or <c>provider/model</c>).</summary>
    Model,

    /// <summary>The model the provider served.</summary>
    ServedModel,

    Provider,

    /// <summary>The calling key: a database key's id, or <c>config:</c> and a config-file key's name.</summary>
    Key,

    Environment,

    Team,

    Org,
}
