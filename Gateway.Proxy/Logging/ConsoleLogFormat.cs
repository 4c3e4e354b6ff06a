using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Proxy.Logging;

/// <summary>Selects the console log's format from <c>Gateway:Logging:Format</c> at start-up.</summary>
internal static class ConsoleLogFormat
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        // Registered either way, so Logging:Console:FormatterName can also name it.
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, GatewayJsonConsoleFormatter>());
        // Read leniently here: a wrong value is reported by the options validation, with its path, before anything starts.
        var options = new GatewayLoggingOptions();
        configuration.GetSection(GatewayLoggingOptions.Section).Bind(options);
        if (options.IsJson)
        {
            logging.AddConsole(console => console.FormatterName = GatewayJsonConsoleFormatter.FormatterName);
        }
    }
}
