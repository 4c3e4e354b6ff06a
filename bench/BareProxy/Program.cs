using Gateway.Bench.BareProxy;
using Yarp.ReverseProxy.Configuration;

// The floor under the gateway: YARP with its defaults and nothing of ours (no auth, parsing, routing logic,
// transforms or metrics), on the same Kestrel and the same pinning. The gateway's cost above this is ours.
//   --Upstream URL        target of /v1/*
//   --PacedUpstream URL   target of /paced/v1/* (the prefix is removed)
//   --FloorKey KEY        adds the least a gateway does (GatewayFloor): key check, body parse, usage read
//   --WorkRounds N        adds N rounds of synthetic CPU work a request (SyntheticWork); --WorkBytes B reads B bytes among them
// Rooted at its own folder like the gateway: the default (the working directory, the repository in the bench) would
// watch every folder below it for appsettings.json and wake for the bench's own writes there.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var upstream = builder.Configuration["Upstream"] ?? throw new InvalidOperationException("--Upstream is required");
var paced = builder.Configuration["PacedUpstream"] ?? upstream;
builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig { RouteId = "api", ClusterId = "upstream", Match = new RouteMatch { Path = "/v1/{**rest}" } },
        new RouteConfig
        {
            RouteId = "paced",
            ClusterId = "paced",
            Match = new RouteMatch { Path = "/paced/v1/{**rest}" },
            Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/paced" }],
        },
    ],
    [
        new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = upstream } } },
        new ClusterConfig { ClusterId = "paced", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = paced } } },
    ]);

var floorKey = builder.Configuration["FloorKey"];
var workRounds = builder.Configuration.GetValue<int?>("WorkRounds");

var app = builder.Build();
app.MapGet("/healthz", static context => context.Response.WriteAsync("ok"));
if (floorKey is not null)
{
    var floor = new GatewayFloor(floorKey);
    app.Use(floor.InvokeAsync);
    app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine($"floor: {floor.AnswersWithUsage} answers carried usage"));
}
if (workRounds is > 0)
{
    var work = new SyntheticWork(workRounds.Value, builder.Configuration.GetValue("WorkBytes", 0));
    app.Use(work.InvokeAsync);
    app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine($"synthetic work: {workRounds} rounds, {work.BytesPerRequest} bytes a request ({work.Sink})"));
}
app.MapReverseProxy();
await app.RunAsync();
