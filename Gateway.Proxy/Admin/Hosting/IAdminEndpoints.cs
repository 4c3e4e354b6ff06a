namespace Gateway.Proxy.Admin.Hosting;

/// <summary>The routes of one part of the admin API, mapped below <c>/admin/v1</c> in the order they are registered.</summary>
internal interface IAdminEndpoints
{
    void Map(RouteGroupBuilder admin);
}
