using Gateway.Proxy.Configuration;
using Gateway.Proxy.Hosting;

if (ConfigCheckCommand.IsRequested(args))
{
    return ConfigCheckCommand.Run(args, Console.Out, Console.Error);
}
if (CredentialReencryptionCommand.IsRequested(args))
{
    return await CredentialReencryptionCommand.RunAsync(args, Console.Out).ConfigureAwait(false);
}

var app = GatewayApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
return 0;
