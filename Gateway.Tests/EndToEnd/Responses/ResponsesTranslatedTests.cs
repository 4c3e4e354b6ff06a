using OpenAI.Responses;

#pragma warning disable OPENAI001 // the SDK's Responses client is marked for evaluation

namespace Gateway.Tests.EndToEnd.Responses;

/// <summary>
/// The OpenAI .NET SDK's Responses client against an Anthropic target: the gateway translates the request to chat (and
/// Anthropic's adapter to the Messages API) and writes the answer, whole or streamed, as a Responses API response.
/// </summary>
[TestFixture]
public sealed class ResponsesTranslatedTests : SingleProviderFixture
{
    protected override string ProvidersJson => ProviderEntry("anthropic");

    protected override string ModelsJson => """
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "MaxOutputTokens": 8192 } ] }
        """;

    [Test]
    public async Task Answers_from_anthropic_as_a_responses_api_response()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        var options = new CreateResponseOptions("claude", [ResponseItem.CreateUserMessageItem("Who are you?")])
        {
            Instructions = "You are Claude.",
            MaxOutputTokenCount = 500,
            Temperature = 0.5f,
            ReasoningOptions = new ResponseReasoningOptions { ReasoningEffortLevel = ResponseReasoningEffortLevel.Low },
        };

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.Multiple(() =>
        {
            Assert.That(response.GetOutputText(), Is.EqualTo("Hi! My name is Claude."));
            Assert.That(response.Id, Does.StartWith("resp_"));
            Assert.That(response.Status, Is.EqualTo(ResponseStatus.Completed));
            Assert.That(response.Model, Is.EqualTo("claude-sonnet-4-5"));
            Assert.That(response.Usage.InputTokenCount, Is.EqualTo(2095));
            Assert.That(response.Usage.OutputTokenCount, Is.EqualTo(503));
            Assert.That(response.Usage.TotalTokenCount, Is.EqualTo(2598));
        });
        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("claude-sonnet-4-5"));
        Assert.That(sent["system"]!.ToJsonString(), Does.Contain("You are Claude."));
        Assert.That(sent["max_tokens"]!.GetValue<int>(), Is.EqualTo(500));
        Assert.That(sent["temperature"]!.GetValue<double>(), Is.EqualTo(0.5));
        Assert.That(sent["messages"]![0]!["content"]!.ToJsonString(), Does.Contain("Who are you?"));
    }

    [Test]
    public async Task Streams_anthropic_events_as_the_responses_event_sequence()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-text.sse"));

        var stream = await ResponsesStreamResult.CollectAsync(Client(), "claude", "Hello");

        Assert.That(stream.Text, Is.EqualTo("Hello there!"));
        Assert.That(stream.Sequence, Is.EqualTo(Enumerable.Range(0, stream.Sequence.Count)));
        Assert.That(stream.Kinds[0], Is.EqualTo(nameof(StreamingResponseCreatedUpdate)));
        Assert.That(stream.Kinds[^1], Is.EqualTo(nameof(StreamingResponseCompletedUpdate)));
        Assert.That(stream.Kinds, Does.Contain(nameof(StreamingResponseOutputItemDoneUpdate)));
        Assert.That(stream.Completed!.GetOutputText(), Is.EqualTo("Hello there!"));
        Assert.That(stream.Completed.Usage.OutputTokenCount, Is.EqualTo(6));
        Assert.That(Provider.LastBody()["stream"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Round_trips_a_function_call_through_tool_use_and_tool_result()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-tool-use.json"));
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""), false, "Weather");
        var client = Client();

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("claude", [ResponseItem.CreateUserMessageItem("Weather in SF?")])
        {
            Tools = { tool },
            ToolChoice = ResponseToolChoice.CreateRequiredChoice(),
            StoredOutputEnabled = false,
        });

        var call = first.OutputItems.OfType<FunctionCallResponseItem>().Single();
        Assert.That(call.CallId, Is.EqualTo("toolu_01A09q90qw90lq917835lq9"));
        Assert.That(JsonNode.Parse(call.FunctionArguments.ToString())!["location"]!.GetValue<string>(), Is.EqualTo("San Francisco, CA"));
        Assert.That(first.OutputItems.OfType<MessageResponseItem>().Single().Content[0].Text, Does.Contain("San Francisco"));
        var sentFirst = Provider.LastBody();
        Assert.That(sentFirst["tool_choice"]!["type"]!.GetValue<string>(), Is.EqualTo("any"));
        Assert.That(sentFirst["tools"]![0]!["input_schema"]!["required"]![0]!.GetValue<string>(), Is.EqualTo("location"));

        Provider.Reset();
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        ResponseResult second = await client.CreateResponseAsync(new CreateResponseOptions("claude",
            [ResponseItem.CreateUserMessageItem("Weather in SF?"), .. first.OutputItems, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "18 degrees and sunny")])
        {
            Tools = { tool },
            StoredOutputEnabled = false,
        });

        Assert.That(second.GetOutputText(), Is.EqualTo("Hi! My name is Claude."));
        var messages = Provider.LastBody()["messages"]!.AsArray();
        Assert.That(messages[1]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
        Assert.That(messages[1]!["content"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "tool_use"), Is.True);
        var result = messages[2]!["content"]![0]!;
        Assert.That(result["type"]!.GetValue<string>(), Is.EqualTo("tool_result"));
        Assert.That(result["tool_use_id"]!.GetValue<string>(), Is.EqualTo("toolu_01A09q90qw90lq917835lq9"));
    }

    [Test]
    public async Task Answers_a_json_schema_request_with_the_json_as_output_text()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-json-answer.json"));
        var options = new CreateResponseOptions("claude", [ResponseItem.CreateUserMessageItem("Weather report for Paris, please.")])
        {
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("weather_report",
                    BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"temperature_c":{"type":"number"}},"required":["city","temperature_c"],"additionalProperties":false}"""),
                    "Current conditions in one city", true),
            },
            StoredOutputEnabled = false,
        };

        ResponseResult response = await Client().CreateResponseAsync(options);

        var answer = JsonNode.Parse(response.GetOutputText())!;
        Assert.That(answer["city"]!.GetValue<string>(), Is.EqualTo("Paris"));
        Assert.That(answer["temperature_c"]!.GetValue<int>(), Is.EqualTo(18));
        Assert.That(response.TextOptions.TextFormat.Kind, Is.EqualTo(ResponseTextFormatKind.JsonSchema));
        Assert.That(Provider.LastBody()["tools"]![0]!["input_schema"]!["required"]![1]!.GetValue<string>(), Is.EqualTo("temperature_c"));
    }

    [Test]
    public async Task Refuses_a_built_in_tool_naming_it()
    {
        using var response = await PostAsync("""{"model":"claude","input":"News?","store":false,"tools":[{"type":"web_search"}]}""");

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("tools[0]"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("web_search"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Refuses_store_true_without_a_database_naming_it_but_serves_an_omitted_store_unstored()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        using var refused = await PostAsync("""{"model":"claude","input":"Hi","store":true}""");
        using var served = await PostAsync("""{"model":"claude","input":"Hi"}""");

        Assert.That((int)refused.StatusCode, Is.EqualTo(400));
        Assert.That(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("store"));
        Assert.That((int)served.StatusCode, Is.EqualTo(200));
        var body = JsonNode.Parse(await served.Content.ReadAsStringAsync())!;
        Assert.That(body["store"]!.GetValue<bool>(), Is.False, "the answer says it was not kept");
        Assert.That(served.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("anthropic"));
        using var get = await Gateway.Http.GetAsync($"/v1/responses/{body["id"]!.GetValue<string>()}");
        Assert.That((int)get.StatusCode, Is.EqualTo(404));
    }

    private ResponsesClient Client() => Gateway.OpenAIClient().GetResponsesClient();

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await Gateway.Http.PostAsync("/v1/responses", body);
    }
}
