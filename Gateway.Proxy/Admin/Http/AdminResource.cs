namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// One kind of admin resource as <see cref="AdminWrites"/> sees it: its entity name (in audit entries, 404s and delete
/// answers), the id a response names it by, where a created one lives, and (where it differs from the id) the id its
/// audit entries carry.
/// </summary>
internal sealed class AdminResource<TResponse>
{
    private readonly Func<TResponse, string> _id;
    private readonly Func<TResponse, string> _location;
    private readonly Func<TResponse, string> _auditId;

    public AdminResource(string entity, Func<TResponse, string> id, Func<TResponse, string> location, Func<TResponse, string>? auditId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(location);
        Entity = entity;
        _id = id;
        _location = location;
        _auditId = auditId ?? id;
    }

    /// <summary>A resource kept by <paramref name="id"/> at <c>/admin/v1/<paramref name="collection"/>/{id}</c>.</summary>
    public AdminResource(string entity, string collection, Func<TResponse, string> id)
        : this(entity, id, response => $"{AdminRoutes.Prefix}/{collection}/{id(response)}")
    {
    }

    public string Entity { get; }

    public string Id(TResponse response) => _id(response);

    public string Location(TResponse response) => _location(response);

    public string AuditId(TResponse response) => _auditId(response);

    public AdminProblemException NotFound(TResponse response) => new(AdminErrors.NotFound(Entity, Id(response)));
}
