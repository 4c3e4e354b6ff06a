using System.Globalization;

namespace Gateway.Data.Records;

/// <summary>
/// Where something applies: everywhere (<see cref="Global"/>) or within one organization, team or environment.
/// Written as <c>global</c> or <c>kind:uuid</c> (<c>team:0193...</c>), which is also how it is read from the database.
/// </summary>
public sealed record Scope
{
    private Scope(ScopeKind kind, Guid? id)
    {
        Kind = kind;
        Id = id;
    }

    public static Scope Global { get; } = new(ScopeKind.Global, null);

    public ScopeKind Kind { get; }

    /// <summary>The organization, team or environment id; null for <see cref="ScopeKind.Global"/>.</summary>
    public Guid? Id { get; }

    internal Guid? OrgId => Kind == ScopeKind.Org ? Id : null;

    internal Guid? TeamId => Kind == ScopeKind.Team ? Id : null;

    internal Guid? EnvironmentId => Kind == ScopeKind.Environment ? Id : null;

    public static Scope ForOrg(Guid orgId) => new(ScopeKind.Org, orgId);

    public static Scope ForTeam(Guid teamId) => new(ScopeKind.Team, teamId);

    public static Scope ForEnvironment(Guid environmentId) => new(ScopeKind.Environment, environmentId);

    /// <summary>Parses <c>global</c>, <c>org:ID</c>, <c>team:ID</c> or <c>environment:ID</c>.</summary>
    public static Scope Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "global")
        {
            return Global;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Guid.TryParse(text.AsSpan(colon + 1), out var id))
        {
            switch (text[..colon])
            {
                case "org":
                    return ForOrg(id);
                case "team":
                    return ForTeam(id);
                case "environment":
                    return ForEnvironment(id);
            }
        }

        throw new FormatException($"'{text}' is not a scope: expected global, org:ID, team:ID or environment:ID.");
    }

    public override string ToString() => Kind switch
    {
        ScopeKind.Global => "global",
        ScopeKind.Org => string.Create(CultureInfo.InvariantCulture, $"org:{Id}"),
        ScopeKind.Team => string.Create(CultureInfo.InvariantCulture, $"team:{Id}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"environment:{Id}"),
    };
}
