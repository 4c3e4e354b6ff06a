using Gateway.Transforms.Providers.Bedrock;

namespace Gateway.Tests.Transforms.Bedrock;

[TestFixture]
public sealed class EventStreamDecoderTests
{
    private static IEnumerable<TestCaseData> PublishedVectors()
    {
        // Decoded(MessageType, EventType, ExceptionType, ContentType, ErrorCode, ErrorMessage, Payload)
        (string Test, string Vector, Decoded Message)[] vectors =
        [
            // Its header is "content-type" (no colon), which is not one of the ":"-prefixed headers AWS streams route on.
            ("Decodes_the_published_vector_with_one_string_header", "payload_one_str_header.bin", new("", "", "", "", "", "", "{'foo':'bar'}")),
            ("Decodes_the_published_vector_without_headers", "payload_no_headers.bin", new("", "", "", "", "", "", "{'foo':'bar'}")),
            ("Skips_every_header_value_type_of_the_published_all_headers_vector", "all_headers.bin", new("", "", "", "", "", "", "")),
            ("Reads_the_code_and_message_headers_of_an_error_message", "error_message.bin", new("error", "", "", "", "code", "message", "")),
        ];
        foreach (var (test, vector, message) in vectors)
        {
            yield return new TestCaseData(vector, message).SetName(test);
        }
    }

    [TestCaseSource(nameof(PublishedVectors))]
    public void Decodes_a_published_vector_to_its_one_message(string vector, Decoded message)
    {
        Assert.That(Decode(BedrockTestRig.ReadBytes("EventStream", vector)), Is.EqualTo(new[] { message }));
    }

    [TestCase("corrupted_header_len.bin", "prelude checksum")]
    [TestCase("corrupted_length.bin", "prelude checksum")]
    [TestCase("corrupted_headers.bin", "message checksum")]
    [TestCase("corrupted_payload.bin", "message checksum")]
    public void Refuses_the_published_corrupted_vectors(string file, string reason)
    {
        var sink = new RecordingSink();
        using var decoder = new EventStreamDecoder();

        var ok = decoder.Feed(BedrockTestRig.ReadBytes("EventStream", file), sink);

        Assert.That(ok, Is.False);
        Assert.That(decoder.Error, Does.Contain(reason));
        Assert.That(sink.Messages, Is.Empty);
        Assert.That(decoder.Feed(BedrockTestRig.ReadBytes("EventStream", "payload_no_headers.bin"), sink), Is.False, "a failed decoder stays failed");
    }

    [Test]
    public void Test_encoder_reproduces_the_published_vector_byte_for_byte()
    {
        var encoded = EventStreamTestEncoder.Encode([("content-type", "application/json")], Encoding.UTF8.GetBytes("{'foo':'bar'}"));

        Assert.That(encoded, Is.EqualTo(BedrockTestRig.ReadBytes("EventStream", "payload_one_str_header.bin")));
    }

    [Test]
    public void Test_encoder_reproduces_the_prelude_of_a_captured_Bedrock_messageStart_frame()
    {
        // A captured ConverseStream frame starts 00 00 00 95 00 00 00 52 f9 a1 47 d1 0b ":event-type" 07 00 0c "messageStart":
        // 149 bytes with 82 bytes of headers, which is exactly messageStart with a 24-character "p" padding field.
        var frame = EventStreamTestEncoder.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}""");
        byte[] captured = [0x00, 0x00, 0x00, 0x95, 0x00, 0x00, 0x00, 0x52, 0xf9, 0xa1, 0x47, 0xd1, 0x0b, .. ":event-type"u8, 0x07, 0x00, 0x0c, .. "messageStart"u8];

        Assert.That(frame[..captured.Length], Is.EqualTo(captured));
        Assert.That(Crc32.Compute(captured.AsSpan(0, 8)), Is.EqualTo(0xf9a147d1u));
    }

    [Test]
    public void Decodes_messages_split_at_every_byte_offset_and_several_per_slice()
    {
        byte[] stream =
        [
            .. EventStreamTestEncoder.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}"""),
            .. BedrockTestRig.ReadBytes("EventStream", "all_headers.bin"),
            .. EventStreamTestEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"café ☕"},"p":"abc"}"""),
            .. EventStreamTestEncoder.Exception("throttlingException", """{"message":"slow down"}"""),
        ];
        var whole = Describe(Decode(stream));
        Assert.That(whole, Has.Count.EqualTo(4));

        for (var split = 0; split <= stream.Length; split++)
        {
            var sink = new RecordingSink();
            using var decoder = new EventStreamDecoder();
            Assert.That(decoder.Feed(stream.AsSpan(0, split), sink), Is.True);
            Assert.That(decoder.Feed(stream.AsSpan(split), sink), Is.True);
            Assert.That(decoder.HasPartialMessage, Is.False);
            Assert.That(Describe(sink.Messages), Is.EqualTo(whole), $"split at {split}");
        }
    }

    [Test]
    public void Decodes_a_stream_fed_one_byte_at_a_time()
    {
        var stream = EventStreamTestEncoder.EncodeFixture(BedrockTestRig.ReadText("Streams", "tool-use.events"));
        var sink = new RecordingSink();
        using var decoder = new EventStreamDecoder();
        foreach (var b in stream)
        {
            Assert.That(decoder.Feed([b], sink), Is.True);
        }

        Assert.That(sink.Messages, Has.Count.EqualTo(13));
        Assert.That(sink.Messages[3].EventType, Is.EqualTo("contentBlockStart"));
        Assert.That(sink.Messages[3].MessageType, Is.EqualTo("event"));
    }

    [Test]
    public void Reports_a_partial_message_until_its_last_byte_arrives()
    {
        var frame = BedrockTestRig.ReadBytes("EventStream", "payload_one_str_header.bin");
        var sink = new RecordingSink();
        using var decoder = new EventStreamDecoder();

        decoder.Feed(frame.AsSpan(0, frame.Length - 1), sink);
        Assert.That(decoder.HasPartialMessage, Is.True);
        decoder.Feed(frame.AsSpan(frame.Length - 1), sink);

        Assert.That(decoder.HasPartialMessage, Is.False);
        Assert.That(sink.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public void Detects_a_bad_prelude_checksum_before_the_rest_of_the_message_arrives()
    {
        var frame = BedrockTestRig.ReadBytes("EventStream", "payload_one_str_header.bin");
        frame[9] ^= 0x01;
        var sink = new RecordingSink();
        using var decoder = new EventStreamDecoder();

        Assert.That(decoder.Feed(frame.AsSpan(0, 12), sink), Is.False);
        Assert.That(decoder.Error, Does.Contain("prelude checksum"));
    }

    [Test]
    public void Refuses_a_message_over_the_configured_limit_from_its_prelude_before_holding_it()
    {
        var small = EventStreamTestEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"hi"}}""");
        var large = EventStreamTestEncoder.Event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + new string('x', 4096) + "\"}}");
        var sink = new RecordingSink();
        using var decoder = new EventStreamDecoder(maxMessageLength: 2048);

        Assert.That(decoder.Feed(small, sink), Is.True);
        Assert.That(decoder.Feed(large.AsSpan(0, 12), sink), Is.False, "the prelude announces more than the limit");

        Assert.That(decoder.Error, Does.Contain("larger than the gateway's limit of 2048 bytes"));
        Assert.That(decoder.HasPartialMessage, Is.False, "nothing of the oversized message is held");
        Assert.That(sink.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public void Computes_the_standard_crc32_check_value()
    {
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
        Assert.That(Crc32.Append(Crc32.Compute("1234"u8), "56789"u8), Is.EqualTo(0xCBF43926u));
    }

    private static List<Decoded> Decode(byte[] data)
    {
        var sink = new RecordingSink();
        using var decoder = new EventStreamDecoder();
        Assert.That(decoder.Feed(data, sink), Is.True, () => decoder.Error ?? string.Empty);
        return sink.Messages;
    }

    private static List<string> Describe(List<Decoded> messages) =>
        messages.ConvertAll(m => $"{m.MessageType}|{m.EventType}|{m.ExceptionType}|{m.ContentType}|{m.Payload}");

    public sealed record Decoded(string MessageType, string EventType, string ExceptionType, string ContentType, string ErrorCode, string ErrorMessage, string Payload);

    private sealed class RecordingSink : IEventStreamSink
    {
        public List<Decoded> Messages { get; } = [];

        public void OnMessage(EventStreamMessage message) => Messages.Add(new Decoded(
            Encoding.UTF8.GetString(message.MessageType),
            Encoding.UTF8.GetString(message.EventType),
            Encoding.UTF8.GetString(message.ExceptionType),
            Encoding.UTF8.GetString(message.ContentType),
            Encoding.UTF8.GetString(message.ErrorCode),
            Encoding.UTF8.GetString(message.ErrorMessage),
            Encoding.UTF8.GetString(message.Payload)));
    }
}
