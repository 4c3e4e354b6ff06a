using System.Buffers;
using Gateway.Transforms.Responses;
using static Gateway.Tests.Transforms.Responses.ResponsesTestRig;

namespace Gateway.Tests.Transforms.Responses;

/// <summary>The conversation kept with a translated response: what a later <c>previous_response_id</c> continues from.</summary>
[TestFixture]
public sealed class ResponsesConversationTests
{
    [Test]
    public void Is_the_prior_items_the_input_and_the_output_items_without_the_gateways_item_ids()
    {
        using var request = Parse("""{"model":"m","input":"And Rome?"}""");
        request.PriorItems = Encoding.UTF8.GetBytes("""[{"role":"user","content":"Paris?"},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"18C","annotations":[]}]}]""");
        var response = """
            {"id":"resp_1","object":"response","output":[
              {"id":"msg_1_0","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking.","annotations":[]}]},
              {"id":"fc_1_1","type":"function_call","status":"completed","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Rome\"}"}],
             "usage":null}
            """u8;
        var output = new ArrayBufferWriter<byte>();

        ResponsesConversation.Write(request, response, output);

        var items = JsonNode.Parse(output.WrittenSpan)!.AsArray();
        Assert.That(items, Has.Count.EqualTo(5));
        Assert.That(items[0]!["content"]!.GetValue<string>(), Is.EqualTo("Paris?"));
        Assert.That(items[2]!.ToJsonString(), Is.EqualTo("""{"role":"user","content":"And Rome?"}"""));
        Assert.That(items[3]!.AsObject().ContainsKey("id"), Is.False);
        Assert.That(items[3]!.AsObject().ContainsKey("status"), Is.False);
        Assert.That(items[3]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Checking."));
        Assert.That(items[4]!["call_id"]!.GetValue<string>(), Is.EqualTo("call_9"));
        Assert.That(items[4]!["arguments"]!.GetValue<string>(), Is.EqualTo("{\"city\":\"Rome\"}"));
        Assert.That(items[4]!.AsObject().ContainsKey("id"), Is.False);
    }
}
