namespace Gateway.Proxy.Quotas;

/// <summary>Admitted (with a ticket to settle, or none when no limit applies), or refused with an error to answer.</summary>
internal readonly record struct QuotaCheckResult(QuotaTicket? Ticket, GatewayError? Error);
