namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>The access log's registrations (<see cref="AccessLogWriter"/>).</summary>
internal static class AccessLogServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<AccessLogOptions>().BindConfiguration(AccessLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccessLogScopes>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<AccessLogScopes>());
        services.AddSingleton<IAccessLogOutput, ConsoleAccessLogOutput>();
        services.AddSingleton<AccessLogWriter>();
    }
}
