namespace Gateway.Proxy.Admin.Hosting;

/// <summary>Where the admin API lives, and which of its paths are public.</summary>
internal static class AdminRoutes
{
    public const string Prefix = "/admin/v1";

    public const string OpenApiDocument = Prefix + "/openapi.json";

    public const string Docs = Prefix + "/docs";

    /// <summary>
    /// The API's description and its browsable page need no key: they describe the shape of an open-source API and
    /// hold no data, and a browser opening the page cannot send a bearer key for the document it loads.
    /// </summary>
    /// <remarks>Compared without regard to case, as routing matches them.</remarks>
    public static bool IsPublic(PathString path) =>
        path.Equals(OpenApiDocument, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(Docs, StringComparison.OrdinalIgnoreCase);
}
