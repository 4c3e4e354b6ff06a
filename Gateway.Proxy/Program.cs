using Gateway.Proxy.Configuration;
using Gateway.Proxy.Hosting;

if (ConfigCheckCommand.IsRequested(args))
{
    return ConfigCheckCommand.Run(args, Console.Out, Console.Error);
}

var app = GatewayApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
return 0;
