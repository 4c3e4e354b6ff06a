namespace Gateway.Proxy.Hosting;

/// <summary>Builds the gateway's web application; used by Program and by the tests, which host it in-process.</summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
