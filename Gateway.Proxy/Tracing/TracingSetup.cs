using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Proxy.Tracing;

/// <summary>
/// OpenTelemetry tracing, on only when the standard environment asks for an exporter (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>; not with <c>OTEL_SDK_DISABLED=true</c> or <c>OTEL_TRACES_EXPORTER=none</c>).
/// The SDK reads the rest itself (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_TRACES_SAMPLER</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_BSP_*</c>…). Off, nothing is registered:
/// no listener on any source, so no span is created.
/// </summary>
internal static class TracingSetup
{
    public const string DefaultServiceName = "llm-gateway";

    public static bool IsRequested(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
            || string.Equals(configuration["OTEL_TRACES_EXPORTER"], "none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
    }

    /// <summary>Registers tracing with the OTLP exporter when the environment asks for it; else only the switch, off.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        if (!IsRequested(configuration))
        {
            services.AddSingleton(TracingState.Off);
            return;
        }
        Add(services, configuration, exporter => exporter.AddOtlpExporter());
    }

    /// <summary>Registers tracing with the given exporter (the tests' in-memory one).</summary>
    public static void Add(IServiceCollection services, IConfiguration? configuration, Action<TracerProviderBuilder> exporter)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        services.AddSingleton(new TracingState(enabled: true));
        // Only W3C trace context, injected by nothing but the per-provider handler (GatewayHttpClientFactory): with
        // OpenTelemetry's default (trace context and baggage) its HttpClient instrumentation would add traceparent and
        // baggage to every provider request itself, whatever the handler says.
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        var serviceName = configuration?["OTEL_SERVICE_NAME"];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(serviceName) ? DefaultServiceName : serviceName,
                serviceVersion: typeof(TracingSetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTelemetry.SourceName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = static context => !IsProbe(context.Request.Path))
                    // Only the provider calls of an attempt: active health probes would each be a trace of their own.
                    .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = static _ =>
                        System.Diagnostics.Activity.Current?.Parent?.Source == GatewayTelemetry.Source);
                exporter(tracing);
            });
    }

    /// <summary>Says at start that traces are exported, and where to.</summary>
    public static void LogState(IServiceProvider services, IConfiguration configuration)
    {
        if (!services.GetRequiredService<TracingState>().Enabled)
        {
            return;
        }
        var endpoint = configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "(an exporter in process)";
        var sampler = configuration["OTEL_TRACES_SAMPLER"] ?? "parentbased_always_on";
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TracingSetup));
        TracingLog.Enabled(logger, endpoint, sampler);
    }

    /// <summary>Health checks and scrapes: frequent, and nothing to trace.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal) || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
        || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
