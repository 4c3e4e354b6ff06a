namespace Gateway.Policies.Configuration;

/// <summary>One provider model behind an alias, with optional overrides of the shipped catalog.</summary>
public sealed class TargetDocument : ModelFieldsDocument
{
    public string? Provider { get; set; }

    public string? Model { get; set; }

    public double? Weight { get; set; }
}
