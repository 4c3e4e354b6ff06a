using Gateway.Proxy.Hosting;

var app = GatewayApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
