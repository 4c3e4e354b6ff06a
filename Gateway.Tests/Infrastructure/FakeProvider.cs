using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Gateway.Tests.Infrastructure;

/// <summary>A provider played by WireMock.Net, answering with recorded wire data.</summary>
public sealed class FakeProvider : IDisposable
{
    public const string ProviderKey = "sk-prov-test-secret-key-4242";

    public FakeProvider()
    {
        Server = WireMockServer.Start();
    }

    public WireMockServer Server { get; }

    /// <summary>A new provider that already <see cref="AnswerChats">answers chats</see>.</summary>
    public static FakeProvider AnsweringChats()
    {
        var provider = new FakeProvider();
        provider.AnswerChats();
        return provider;
    }

    public string Url => Server.Url!;

    public void Reply(string path, int status, string body, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                response = response.WithHeader(name, value);
            }
        }
        Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response);
    }

    /// <summary>Answers <c>/v1/chat/completions</c> with OpenAI's recorded whole text answer (<c>OpenAi/chat-text.response.json</c>).</summary>
    public void AnswerChats() => Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));

    public void ReplyStream(string path, string sse) => Reply(path, 200, sse, "text/event-stream");

    /// <summary>Answers with a binary body (for example AWS event-stream frames).</summary>
    public void ReplyBytes(string path, int status, byte[] body, string contentType) =>
        Server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    /// <summary>The URL (with query) of the last request the provider received.</summary>
    public string LastUrl() => Server.LogEntries[^1].RequestMessage.Url;

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    /// <summary>The JSON body of the last request the provider received.</summary>
    public JsonObject LastBody() => JsonNode.Parse(Server.LogEntries[^1].RequestMessage.Body!)!.AsObject();

    public IDictionary<string, WireMock.Types.WireMockList<string>> LastHeaders() => Server.LogEntries[^1].RequestMessage.Headers!;

    public void Reset() => Server.Reset();

    public void Dispose() => Server.Stop();
}
