namespace Gateway.Data.Usage;

/// <summary>What one key has spent, in US dollars: in all, and in the current UTC day, week (from Monday) and month.</summary>
public sealed record KeyUsage(decimal Total, decimal Today, decimal ThisWeek, decimal ThisMonth);
