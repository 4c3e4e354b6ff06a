using OpenAI.Responses;

#pragma warning disable OPENAI001 // the SDK's Responses client is marked for evaluation

namespace Gateway.Tests.EndToEnd.Responses;

/// <summary>
/// The OpenAI .NET SDK's Responses client against an OpenAI target behind the gateway: the request reaches OpenAI's
/// <c>/v1/responses</c> intact but for the model, and the answer (whole or streamed) comes back with the gateway's id.
/// </summary>
[TestFixture]
public sealed class ResponsesPassThroughTests : SingleProviderFixture
{
    private const string ProviderResponseId = "resp_68b1f2c4a7d08190a1b7e3c9d2f4a5b60c1d2e3f4a5b6c7d";

    protected override string ProvidersJson => ProviderEntry("openai", "/v1");

    protected override string ModelsJson => """
        "gpt": { "Targets": [ { "Provider": "openai", "Model": "gpt-4.1" } ] }
        """;

    [Test]
    public async Task Passes_a_request_through_with_the_targets_model_and_answers_with_the_gateways_id()
    {
        Provider.Reply("/v1/responses", 200, Fixture.Text("OpenAi", "responses-text.json"));
        var options = new CreateResponseOptions("gpt", [ResponseItem.CreateUserMessageItem("Grüß mich!")])
        {
            Instructions = "Answer in German.",
            MaxOutputTokenCount = 200,
            Metadata = { ["run"] = "42" },
            TruncationMode = ResponseTruncationMode.Auto,
        };

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.That(response.GetOutputText(), Is.EqualTo("Grüße! Das ist ein \"Test\" — 🌍 ok."));
        Assert.That(response.Id, Does.StartWith("resp_").And.Not.EqualTo(ProviderResponseId));
        Assert.That(response.Usage.InputTokenCount, Is.EqualTo(19));
        Assert.That(Provider.LastUrl(), Does.EndWith("/v1/responses"));
        Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        var sent = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("gpt-4.1"));
            Assert.That(sent["instructions"]!.GetValue<string>(), Is.EqualTo("Answer in German."));
            Assert.That(sent["max_output_tokens"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(sent["metadata"]!["run"]!.GetValue<string>(), Is.EqualTo("42"));
            Assert.That(sent["truncation"]!.GetValue<string>(), Is.EqualTo("auto"), "fields only OpenAI knows go through untouched");
            Assert.That(sent["input"]![0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Grüß mich!"));
        });
    }

    [Test]
    public async Task Streams_the_providers_events_with_the_gateways_id()
    {
        Provider.ReplyStream("/v1/responses", Fixture.Text("OpenAi", "responses-stream-text.sse"));

        var stream = await ResponsesStreamResult.CollectAsync(Client(), "gpt", "Hallo");

        Assert.That(stream.Text, Is.EqualTo("Grüße! Das ist ein \"Test\" — 🌍 ok."));
        Assert.That(stream.Sequence, Is.EqualTo(Enumerable.Range(0, stream.Sequence.Count)));
        Assert.That(stream.Completed!.Id, Does.StartWith("resp_").And.Not.EqualTo(ProviderResponseId));
        Assert.That(stream.Completed.Usage.OutputTokenCount, Is.EqualTo(14));
        Assert.That(Provider.LastBody()["stream"]!.GetValue<bool>(), Is.True);
        Assert.That(Provider.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("gpt-4.1"));
    }

    [Test]
    public async Task Round_trips_a_function_call_with_the_items_intact()
    {
        Provider.Reply("/v1/responses", 200, Fixture.Text("OpenAi", "responses-function-call.json"));
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""), true, "Current weather");
        var first = new CreateResponseOptions("gpt", [ResponseItem.CreateUserMessageItem("Weather in Paris?")]) { Tools = { tool }, StoredOutputEnabled = false };

        ResponseResult answer = await Client().CreateResponseAsync(first);

        var call = answer.OutputItems.OfType<FunctionCallResponseItem>().Single();
        Assert.That(call.FunctionName, Is.EqualTo("get_weather"));
        Assert.That(call.CallId, Is.EqualTo("call_Kx7pQ2mV9sN4rT1wZ8yB3cD6"));
        Assert.That(JsonNode.Parse(call.FunctionArguments.ToString())!["location"]!.GetValue<string>(), Is.EqualTo("Paris, France"));
        Assert.That(Provider.LastBody()["tools"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        Assert.That(Provider.LastBody()["store"]!.GetValue<bool>(), Is.False);

        Provider.Reset();
        Provider.Reply("/v1/responses", 200, Fixture.Text("OpenAi", "responses-text.json"));
        var second = new CreateResponseOptions("gpt", [ResponseItem.CreateUserMessageItem("Weather in Paris?"), call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "18C, cloudy")])
        {
            Tools = { tool },
        };
        await Client().CreateResponseAsync(second);

        var input = Provider.LastBody()["input"]!.AsArray();
        Assert.That(input[1]!["type"]!.GetValue<string>(), Is.EqualTo("function_call"));
        Assert.That(input[1]!["id"]!.GetValue<string>(), Does.StartWith("fc_"), "the provider's own item id goes back to it");
        Assert.That(input[2]!["type"]!.GetValue<string>(), Is.EqualTo("function_call_output"));
        Assert.That(input[2]!["output"]!.GetValue<string>(), Is.EqualTo("18C, cloudy"));
    }

    [Test]
    public async Task Passes_a_json_schema_text_format_through()
    {
        Provider.Reply("/v1/responses", 200, Fixture.Text("OpenAi", "responses-text.json"));
        var options = new CreateResponseOptions("gpt", [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"""), null, true),
            },
        };

        await Client().CreateResponseAsync(options);

        var format = Provider.LastBody()["text"]!["format"]!;
        Assert.That(format["type"]!.GetValue<string>(), Is.EqualTo("json_schema"));
        Assert.That(format["name"]!.GetValue<string>(), Is.EqualTo("weather"));
        Assert.That(format["schema"]!["required"]![0]!.GetValue<string>(), Is.EqualTo("city"));
    }

    [Test]
    public async Task Refuses_previous_response_id_without_a_database_naming_it()
    {
        using var response = await PostAsync("""{"model":"gpt","input":"And now?","previous_response_id":"resp_1"}""");

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("previous_response_id"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    private ResponsesClient Client() => Gateway.OpenAIClient().GetResponsesClient();

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await Gateway.Http.PostAsync("/v1/responses", body);
    }
}
