using Gateway.Bench.FakeUpstream;

// A fast OpenAI-compatible upstream for the benchmark: answers every chat completion with the same realistic
// body or stream, so what the bench measures is the gateway, not the provider. It also answers OpenAI's embeddings
// and Anthropic's Messages API (bench/kinds.sh).
// Settings (command line --Name value, or environment variable Name):
//   StreamChunks   content chunks per stream (default 20)
//   ChunkDelayMs   pause before each event after the first (default 0), so time to first byte is measurable
// Rooted at its own folder: the default (the working directory, the repository in the bench) would watch every folder
// below it for appsettings.json and wake for every write there (PostgreSQL's files in .data/ during the database part).
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var responses = new FakeResponses(
    builder.Configuration.GetValue("StreamChunks", 20),
    TimeSpan.FromMilliseconds(builder.Configuration.GetValue("ChunkDelayMs", 0.0)));

var anthropic = new FakeAnthropicMessages(
    builder.Configuration.GetValue("StreamChunks", 20),
    TimeSpan.FromMilliseconds(builder.Configuration.GetValue("ChunkDelayMs", 0.0)));
var embeddings = new FakeEmbeddings();

var app = builder.Build();
app.MapPost("/v1/chat/completions", responses.HandleAsync);
// bench/kinds.sh: OpenAI's embeddings, and Anthropic's Messages API for an anthropic-kind provider.
app.MapPost("/v1/embeddings", embeddings.HandleAsync);
app.MapPost("/v1/messages", anthropic.HandleAsync);
app.MapPost("/v1/audio/transcriptions", FakeTranscriptions.HandleAsync);
app.MapGet("/healthz", static context => context.Response.WriteAsync("ok"));
// A trace sink for bench/observability.sh: OTLP/HTTP's export, answered with an empty (valid) protobuf response.
app.MapPost("/v1/traces", static context =>
{
    context.Response.ContentType = "application/x-protobuf";
    return Task.CompletedTask;
});
await app.RunAsync();
