namespace Gateway.Data.Quotas;

/// <summary>What a lease got: <see cref="Granted"/> of the amount asked (less when the window is nearly used up,
/// 0 when it is), and the window's total across replicas afterwards.</summary>
public readonly record struct QuotaLeaseGrant(decimal Granted, decimal Used);
