using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms;

/// <summary>
/// Which kinds of content part a chat request carries (<see cref="ChatRequest.HasImages"/>, <see cref="ChatRequest.HasAudio"/>):
/// routing sends it only to providers that take them, so a part in any message counts.
/// </summary>
[TestFixture]
public sealed class ChatRequestContentPartsTests
{
    private const string Image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}";
    private const string Audio = "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}";
    private const string Text = "{\"type\":\"text\",\"text\":\"look\"}";

    [TestCase("[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":[" + Text + "]}]", false, false, TestName = "Text_parts_alone_carry_neither")]
    [TestCase("[{\"role\":\"user\",\"content\":[" + Text + "," + Image + "]}]", true, false, TestName = "Notes_an_image_after_a_text_part")]
    [TestCase("[{\"role\":\"user\",\"content\":[" + Audio + "]}]", false, true, TestName = "Notes_input_audio")]
    [TestCase("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":[" + Audio + "]},{\"role\":\"user\",\"content\":\"and?\"}]", false, true, TestName = "Notes_audio_in_an_assistant_message")]
    [TestCase("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"function\",\"name\":\"f\",\"content\":[" + Image + "]}]", true, false, TestName = "Notes_parts_of_the_unchecked_legacy_function_role")]
    [TestCase("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"function\",\"name\":\"f\",\"content\":[\"x\",1,{\"type\":7}]}]", false, false, TestName = "Passes_over_parts_of_the_function_role_that_are_not_objects")]
    [TestCase("[{\"role\":\"user\",\"content\":[" + Image + "]},{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":[" + Audio + "," + Image + "]}]", true, true, TestName = "Notes_both_across_messages")]
    public void Notes_the_kinds_of_content_part_in_any_message(string messages, bool images, bool audio)
    {
        var (request, error) = ChatRequest.Parse(Encoding.UTF8.GetBytes("{\"model\":\"gpt\",\"messages\":" + messages + "}"));

        Assert.That(error, Is.Null, () => error!.Message);
        Assert.Multiple(() =>
        {
            Assert.That(request!.HasImages, Is.EqualTo(images), "images");
            Assert.That(request.HasAudio, Is.EqualTo(audio), "audio");
        });
        request!.Dispose();
    }

    [Test]
    public void Asking_for_audio_out_counts_as_audio()
    {
        var (request, error) = ChatRequest.Parse("{\"model\":\"gpt\",\"modalities\":[\"text\",\"audio\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"u8.ToArray());

        Assert.That(error, Is.Null, () => error!.Message);
        Assert.That(request!.HasAudio, Is.True);
        request.Dispose();
    }

    [TestCase("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":[" + Image + "]}]", "messages[1].content[0].type", TestName = "Names_an_image_outside_a_user_message")]
    [TestCase("[{\"role\":\"user\",\"content\":[" + Text + ",{\"type\":\"text\"}]}]", "messages[0].content[1].text", TestName = "Names_a_text_part_without_text")]
    [TestCase("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\"}},{\"id\":\"d\",\"function\":{}}]}]", "messages[1].tool_calls[1].function.name", TestName = "Names_a_tool_call_without_a_function_name")]
    [TestCase("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"42\"}]", "messages[1].tool_call_id", TestName = "Names_a_tool_message_without_its_call_id")]
    public void Names_the_offending_part_of_a_message(string messages, string param)
    {
        var (request, error) = ChatRequest.Parse(Encoding.UTF8.GetBytes("{\"model\":\"gpt\",\"messages\":" + messages + "}"));

        Assert.That(request, Is.Null);
        RefusalAssert.IsBadRequestNaming(error, param);
    }
}
