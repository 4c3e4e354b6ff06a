using System.Buffers;
using Gateway.Transforms;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Messages;
using static Gateway.Tests.Transforms.Messages.MessagesTestRig;

namespace Gateway.Tests.Transforms.Messages;

/// <summary>A whole chat completion to Anthropic's Messages answer, and the gateway's errors in Anthropic's shape.</summary>
[TestFixture]
public sealed class ChatToMessagesConverterTests
{
    private static JsonNode Convert(byte[] chat)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            ChatToMessagesConverter.Convert(chat, Context(), json);
        }
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    [Test]
    public void Converts_text_with_the_gateway_id_stop_reason_and_usage()
    {
        var message = Convert(FixtureBytes("OpenAi", "chat-text.response.json"));

        Assert.Multiple(() =>
        {
            Assert.That(message["id"]!.GetValue<string>(), Is.EqualTo(ResponseId));
            Assert.That(message["type"]!.GetValue<string>(), Is.EqualTo("message"));
            Assert.That(message["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(message["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini-2024-07-18"));
            Assert.That(message["content"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
            Assert.That(message["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Hello! How can I assist you today?"));
            Assert.That(message["stop_reason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
            Assert.That(message["stop_sequence"], Is.Null);
            Assert.That(message["usage"]!["input_tokens"]!.GetValue<int>(), Is.EqualTo(19));
            Assert.That(message["usage"]!["output_tokens"]!.GetValue<int>(), Is.EqualTo(10));
        });
    }

    [Test]
    public void Converts_tool_calls_to_tool_use_blocks_with_their_arguments_as_input()
    {
        var message = Convert(FixtureBytes("OpenAi", "chat-tool-call.response.json"));

        var block = message["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        Assert.That(block["id"]!.GetValue<string>(), Does.StartWith("call_"));
        Assert.That(block["name"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(block["input"], Is.InstanceOf<JsonObject>());
        Assert.That(block["input"]!.AsObject().Count, Is.GreaterThan(0));
        Assert.That(message["stop_reason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
    }

    [Test]
    public void Converts_reasoning_to_a_thinking_block_first_and_maps_length_to_max_tokens()
    {
        var message = Convert(System.Text.Encoding.UTF8.GetBytes("""
            {"id":"x","object":"chat.completion","model":"r1","choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning_content":"6 × 7"},"finish_reason":"length"}],
             "usage":{"prompt_tokens":50,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":30,"cache_write_tokens":5}}}
            """));

        Assert.That(message["content"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()), Is.EqualTo(new[] { "thinking", "text" }));
        Assert.That(message["content"]![0]!["thinking"]!.GetValue<string>(), Is.EqualTo("6 × 7"));
        Assert.That(message["stop_reason"]!.GetValue<string>(), Is.EqualTo("max_tokens"));
        Assert.That(message["usage"]!["input_tokens"]!.GetValue<int>(), Is.EqualTo(15));
        Assert.That(message["usage"]!["cache_read_input_tokens"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(message["usage"]!["cache_creation_input_tokens"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [TestCase(400, "invalid_request_error", 400)]
    [TestCase(401, "authentication_error", 401)]
    [TestCase(403, "permission_error", 403)]
    [TestCase(404, "not_found_error", 404)]
    [TestCase(413, "request_too_large", 413)]
    [TestCase(429, "rate_limit_error", 429)]
    [TestCase(502, "api_error", 500)]
    [TestCase(503, "overloaded_error", 529)]
    public void Writes_gateway_errors_in_anthropic_shape_and_status(int status, string type, int anthropicStatus)
    {
        var error = new GatewayError(status, "whatever", "Something went wrong.");

        var body = JsonNode.Parse(MessagesErrors.ToUtf8(error))!;

        Assert.That(MessagesErrors.StatusOf(error), Is.EqualTo(anthropicStatus));
        Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(body["error"]!["type"]!.GetValue<string>(), Is.EqualTo(type));
        Assert.That(body["error"]!["message"]!.GetValue<string>(), Is.EqualTo("Something went wrong."));
    }
}
