namespace Gateway.Proxy.Admin.Common;

/// <summary>The answer to a delete, in OpenAI's shape: <c>{"id": ..., "object": "organization.deleted", "deleted": true}</c>.</summary>
internal sealed record DeletedResponse(string Id, string Object, bool Deleted)
{
    public static DeletedResponse Of(string entity, string id) => new(id, entity + ".deleted", true);
}
