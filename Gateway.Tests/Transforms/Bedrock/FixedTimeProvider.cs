namespace Gateway.Tests.Transforms.Bedrock;

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
