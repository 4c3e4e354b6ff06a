namespace Gateway.Policies.Configuration;

/// <summary>
/// One field's rule in a <c>ParameterMapping</c> (keyed by the field's name or dotted path in the provider's body):
/// <c>{"Rename": "max_completion_tokens"}</c>, <c>{"Drop": true}</c>, <c>{"Default": 0.7}</c>, <c>{"Min": 0, "Max": 1}</c>.
/// A <c>Default</c> that reads as JSON (a number, <c>true</c>, <c>false</c>, an object, a quoted string) is written as
/// that value; any other text is written as a string.
/// </summary>
public sealed class ParameterRuleDocument
{
    public string? Rename { get; set; }

    public bool? Drop { get; set; }

    public string? Default { get; set; }

    public decimal? Min { get; set; }

    public decimal? Max { get; set; }
}
