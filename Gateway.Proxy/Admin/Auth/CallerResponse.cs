namespace Gateway.Proxy.Admin.Auth;

/// <summary>Who the calling admin key is: its audit name, whether it is global, and the scopes it administers.</summary>
internal sealed record CallerResponse(string Actor, bool Global, IReadOnlyList<string> Scopes) : ApiObject("admin_caller");
