namespace Gateway.Data.Tenancy;

public sealed record TeamRecord(Guid Id, Guid OrgId, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
