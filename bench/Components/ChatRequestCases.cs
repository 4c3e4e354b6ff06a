using Gateway.Transforms.OpenAI;

namespace Gateway.Bench.Components;

/// <summary>
/// The request (<c>bench/fixtures/chat-request.json</c>: four messages, ~1 KB) parsed and validated as the chat
/// path does before routing: <see cref="ChatRequest.Parse"/>, the document disposed after.
/// </summary>
internal static class ChatRequestCases
{
    public static void Run(int operations)
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "chat-request.json"));
        CpuTime.Measure("chat request: parse and validate (issue 16's request)", operations, () => Parse(body));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Parse(body);
        }
        Console.Error.WriteLine($"chat request: {(GC.GetAllocatedBytesForCurrentThread() - before) / 1000} bytes allocated a parse");
    }

    private static void Parse(byte[] body)
    {
        var (request, error) = ChatRequest.Parse(body);
        if (error is not null)
        {
            throw new InvalidOperationException(error.Message);
        }
        request!.Dispose();
    }
}
