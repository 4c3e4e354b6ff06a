using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms;

/// <summary>
/// Which 400 <see cref="ChatRequest.Parse"/> answers when several fields are bad, wherever they stand in the body: the model,
/// then the messages, then the other fields in the body's order, then tools, response_format and the routing fields.
/// </summary>
[TestFixture]
public sealed class ChatRequestPrecedenceTests
{
    private const string Good = "[{\"role\":\"user\",\"content\":\"hi\"}]";
    private const string BadRole = "[{\"role\":\"robot\",\"content\":\"hi\"}]";

    [TestCase("\"messages\":5,\"model\":7", "model", TestName = "The_model_before_the_messages")]
    [TestCase("\"n\":0,\"model\":\"m\"", "messages", TestName = "Missing_messages_before_a_bad_field")]
    [TestCase("\"temperature\":5,\"model\":\"m\",\"messages\":" + BadRole, "messages[0].role", TestName = "A_bad_message_before_a_bad_field_ahead_of_it")]
    [TestCase("\"model\":\"m\",\"top_p\":2,\"messages\":" + Good + ",\"temperature\":5", "top_p", TestName = "Bad_fields_in_the_body_order")]
    [TestCase("\"model\":\"m\",\"n\":0,\"n\":1,\"messages\":" + Good, "n", TestName = "Every_copy_of_a_duplicated_field_is_checked")]
    [TestCase("\"model\":\"m\",\"tools\":5,\"messages\":" + Good + ",\"n\":0", "n", TestName = "A_bad_field_before_bad_tools_ahead_of_it")]
    [TestCase("\"model\":\"m\",\"response_format\":5,\"tool_choice\":\"sometimes\",\"messages\":" + Good, "tool_choice", TestName = "Tool_choice_before_response_format")]
    [TestCase("\"model\":\"m\",\"response_format\":5,\"tools\":5,\"messages\":" + Good, "tools", TestName = "Tools_before_response_format")]
    [TestCase("\"model\":\"m\",\"models\":5,\"response_format\":{\"type\":\"xml\"},\"messages\":" + Good, "response_format.type", TestName = "Response_format_before_the_routing_fields")]
    [TestCase("\"model\":\"m\",\"usage\":5,\"provider\":5,\"models\":5,\"messages\":" + Good, "models", TestName = "Models_before_provider_and_usage")]
    [TestCase("\"model\":\"m\",\"usage\":5,\"provider\":5,\"messages\":" + Good, "provider", TestName = "Provider_before_usage")]
    [TestCase("\"model\":\"m\",\"usage\":{\"include\":1},\"messages\":" + Good, "usage.include", TestName = "Usage_include_last")]
    [TestCase("\"model\":\"m\",\"messages\":" + Good + ",\"messages\":" + BadRole, "messages[0].role", TestName = "The_last_copy_of_duplicated_messages_is_validated")]
    public void Answers_the_first_fault_in_order_of_precedence(string fields, string param)
    {
        var result = ChatRequest.Parse(Encoding.UTF8.GetBytes($"{{{fields}}}"));

        Assert.That(result.Request, Is.Null);
        Assert.That((result.Error!.StatusCode, result.Error.Param), Is.EqualTo((400, param)), result.Error.Message);
    }

    [Test]
    public void Reads_the_last_copy_of_a_duplicated_field_as_the_validation_does()
    {
        using var request = ChatRequest.Parse(Encoding.UTF8.GetBytes(
            "{\"model\":\"m\",\"messages\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}],"
            + "\"stream\":true,\"stream\":false,\"n\":3,\"n\":null,\"max_tokens\":7,\"max_tokens\":8}")).Request!;

        Assert.That((request.MessageCount, request.Stream, request.N, request.MaxTokens), Is.EqualTo((2, false, 1, (int?)8)));
    }
}
