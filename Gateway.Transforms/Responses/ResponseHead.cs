namespace Gateway.Transforms.Responses;

/// <summary>What a translated response object says about itself: id, time, model, status, and whether the gateway keeps it.</summary>
internal readonly record struct ResponseHead(string Id, long CreatedAt, string Model, string Status, bool Stored, string? IncompleteReason = null);
