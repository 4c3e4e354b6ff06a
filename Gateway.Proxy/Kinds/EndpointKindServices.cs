namespace Gateway.Proxy.Kinds;

/// <summary>The public endpoints, one kind each: a new kind is one line here.</summary>
internal static class EndpointKindServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<EndpointKind, ChatEndpointKind>();
        services.AddSingleton<EndpointKind, EmbeddingsEndpointKind>();
        services.AddSingleton<EndpointKind, CompletionsEndpointKind>();
        services.AddSingleton<EndpointKind, ModerationsEndpointKind>();
        // The Responses door keeps responses in the database when there is one.
        services.AddSingleton(provider => new Responses.ResponseStore(
            provider.GetService<Npgsql.NpgsqlDataSource>() is { } dataSource
                ? new Gateway.Data.Responses.StoredResponseRepository(dataSource, provider.GetRequiredService<IOptions<Gateway.Data.Options.GatewayDataOptions>>())
                : null,
            provider.GetRequiredService<ILogger<Responses.ResponseStore>>()));
        services.AddSingleton<EndpointKind, ResponsesEndpointKind>();
        services.AddSingleton<EndpointKind, MessagesEndpointKind>();
        services.AddSingleton<EndpointKind, Kinds.Media.ImageGenerationsEndpointKind>();
        services.AddSingleton<EndpointKind>(new Kinds.Media.ImageUploadEndpointKind(Transforms.Media.MediaOperation.ImageEdits));
        services.AddSingleton<EndpointKind>(new Kinds.Media.ImageUploadEndpointKind(Transforms.Media.MediaOperation.ImageVariations));
        services.AddSingleton<EndpointKind>(new Kinds.Media.AudioUploadEndpointKind(Transforms.Media.MediaOperation.Transcriptions));
        services.AddSingleton<EndpointKind>(new Kinds.Media.AudioUploadEndpointKind(Transforms.Media.MediaOperation.Translations));
        services.AddSingleton<EndpointKind, Kinds.Media.SpeechEndpointKind>();
        services.AddSingleton<EndpointKindRegistry>();
    }
}
