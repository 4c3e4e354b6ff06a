namespace Gateway.Tests.Admin;

/// <summary>An admin API answer: its status, its JSON (null when the body is not JSON), its raw text and its Location header.</summary>
internal sealed record AdminResponse(HttpStatusCode Status, JsonNode? Json, string Text, Uri? Location = null)
{
    public JsonNode Body => Json ?? throw new AssertionException($"HTTP {(int)Status} with a body that is not JSON: {Text}");

    public string? ErrorParam => Body["error"]?["param"]?.GetValue<string?>();

    public string? ErrorCode => Body["error"]?["code"]?.GetValue<string?>();

    public string Id => Body["id"]!.ToString();

    public override string ToString() => $"HTTP {(int)Status}: {Text}";
}
