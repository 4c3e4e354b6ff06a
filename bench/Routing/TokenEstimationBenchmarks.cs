using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Gateway.Policies.Tokens;

namespace Gateway.Bench.Routing;

/// <summary>Prompt-token estimation of a typical chat request (~1.6 KB: system prompt, a short exchange, one tool).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TokenEstimationBenchmarks
{
    private const string Body = """
        {"model":"gpt-4o","stream":true,"messages":[
          {"role":"system","content":"You are a support assistant for an online bookshop. Answer briefly and politely. When the customer asks about an order, look it up with the tool before answering, and never invent tracking numbers. If you do not know, say so and offer to hand over to a person."},
          {"role":"user","content":"Hi, I ordered two books last Tuesday and the tracking page still says 'label created'. Order number is 48213. Can you tell me what is going on?"},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup_order","arguments":"{\"order_id\":\"48213\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\"status\":\"awaiting_pickup\",\"carrier\":\"DHL\",\"items\":2,\"shipped\":null,\"note\":\"carrier pickup delayed by weather\"}"},
          {"role":"assistant","content":"Thanks for waiting! Your order 48213 is packed and waiting for the carrier, whose pickup was delayed by the weather. It should move within a day or two."},
          {"role":"user","content":"OK. Could you also check whether the second book, the one about sailing, is the hardcover edition? I wanted the hardcover."}],
         "tools":[{"type":"function","function":{"name":"lookup_order","description":"Look up an order by its number and return its status and items.",
           "parameters":{"type":"object","properties":{"order_id":{"type":"string","description":"The order number, digits only."},
           "detail":{"type":"string","description":"How much to return.","enum":["summary","items","full"]}},"required":["order_id"]}}}]}
        """;

    private JsonDocument _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = JsonDocument.Parse(Encoding.UTF8.GetBytes(Body));
        TokenEncodings.WarmUp();
        Console.WriteLine($"// body {Encoding.UTF8.GetByteCount(Body)} bytes; o200k {TokenEstimator.EstimatePromptTokens(_document.RootElement, TokenEncoding.O200kBase)} tokens; estimated {TokenEstimator.EstimatePromptTokens(_document.RootElement, TokenEncoding.Estimated)}");
    }

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark(Description = "o200k (gpt-4o), 1.6 KB request")]
    public int O200k() => TokenEstimator.EstimatePromptTokens(_document.RootElement, TokenEncoding.O200kBase);

    [Benchmark(Description = "cl100k (gpt-4), 1.6 KB request")]
    public int Cl100k() => TokenEstimator.EstimatePromptTokens(_document.RootElement, TokenEncoding.Cl100kBase);

    [Benchmark(Description = "byte estimate (other models), 1.6 KB request")]
    public int Estimated() => TokenEstimator.EstimatePromptTokens(_document.RootElement, TokenEncoding.Estimated);
}
