namespace Gateway.Data.Tenancy;

public sealed record OrganizationRecord(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
