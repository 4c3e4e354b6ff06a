namespace Gateway.Data.Records;

public sealed record OrganizationRecord(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
