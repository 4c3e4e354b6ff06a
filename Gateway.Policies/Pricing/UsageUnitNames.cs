namespace Gateway.Policies.Pricing;

/// <summary>The words for <see cref="UsageUnit"/> in usage rows and <c>/api/v1/generation</c>.</summary>
public static class UsageUnitNames
{
    public static string Of(UsageUnit unit) => unit switch
    {
        UsageUnit.Tokens => "tokens",
        UsageUnit.InputTokens => "input_tokens",
        UsageUnit.Images => "images",
        UsageUnit.AudioSeconds => "audio_seconds",
        _ => "characters",
    };
}
