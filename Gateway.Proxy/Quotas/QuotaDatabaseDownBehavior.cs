namespace Gateway.Proxy.Quotas;

/// <summary>What a replica does with a limit once its leased slice is used up and the database cannot be reached.</summary>
internal enum QuotaDatabaseDownBehavior
{
    /// <summary>
    /// Count locally: each replica allows itself the limit divided by <see cref="QuotaOptions.ExpectedReplicas"/> per
    /// window (or what it had already leased, if more). Limits keep holding roughly; what was used is charged to the
    /// database when it is back.
    /// </summary>
    LocalShare,

    /// <summary>Admit every request until the database is back: availability over limits.</summary>
    FailOpen,

    /// <summary>Refuse (503) what the leased slice cannot cover until the database is back: limits over availability.</summary>
    FailClosed,
}
