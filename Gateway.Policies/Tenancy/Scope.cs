using System.Globalization;

namespace Gateway.Policies.Tenancy;

/// <summary>
/// Where something applies: everywhere (<see cref="Global"/>, the config file's scope) or within one organization,
/// team or environment. Written <c>global</c> or <c>kind:uuid</c> (<c>org:…</c>, <c>team:…</c>, <c>environment:…</c>):
/// the admin API's words, and how the database reads it back.
/// </summary>
public readonly record struct Scope
{
    private Scope(ScopeKind kind, Guid? id)
    {
        Kind = kind;
        Id = id;
    }

    public static Scope Global => default;

    public ScopeKind Kind { get; }

    /// <summary>The organization, team or environment id; null for <see cref="ScopeKind.Global"/>.</summary>
    public Guid? Id { get; }

    public bool IsGlobal => Kind == ScopeKind.Global;

    public Guid? OrganizationId => Kind == ScopeKind.Organization ? Id : null;

    public Guid? TeamId => Kind == ScopeKind.Team ? Id : null;

    public Guid? EnvironmentId => Kind == ScopeKind.Environment ? Id : null;

    public static Scope ForOrganization(Guid organizationId) => new(ScopeKind.Organization, organizationId);

    public static Scope ForTeam(Guid teamId) => new(ScopeKind.Team, teamId);

    public static Scope ForEnvironment(Guid environmentId) => new(ScopeKind.Environment, environmentId);

    /// <summary>The organization, team or environment <paramref name="id"/>, by kind; the id is ignored for <see cref="ScopeKind.Global"/>.</summary>
    public static Scope Of(ScopeKind kind, Guid id) => kind == ScopeKind.Global ? Global : new(kind, id);

    /// <summary>Parses <c>global</c>, <c>org:ID</c>, <c>team:ID</c> or <c>environment:ID</c>.</summary>
    public static Scope Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var scope)
            ? scope
            : throw new FormatException($"'{text}' is not a scope: expected global, org:ID, team:ID or environment:ID.");
    }

    public static bool TryParse(string? text, out Scope scope)
    {
        scope = Global;
        if (text is null)
        {
            return false;
        }
        if (text == "global")
        {
            return true;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Guid.TryParse(text.AsSpan(colon + 1), out var id))
        {
            return false;
        }
        switch (text.AsSpan(0, colon))
        {
            case "org":
                scope = ForOrganization(id);
                return true;
            case "team":
                scope = ForTeam(id);
                return true;
            case "environment":
                scope = ForEnvironment(id);
                return true;
            default:
                return false;
        }
    }

    public override string ToString() => Kind switch
    {
        ScopeKind.Global => "global",
        ScopeKind.Organization => string.Create(CultureInfo.InvariantCulture, $"org:{Id}"),
        ScopeKind.Team => string.Create(CultureInfo.InvariantCulture, $"team:{Id}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"environment:{Id}"),
    };
}
