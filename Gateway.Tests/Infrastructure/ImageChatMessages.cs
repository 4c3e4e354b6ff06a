namespace Gateway.Tests.Infrastructure;

/// <summary>User messages with images, as the OpenAI SDK sends them, for each provider's image conversion tests.</summary>
internal static class ImageChatMessages
{
    /// <summary>A 1×1 PNG, which the SDK sends inline as a data URL.</summary>
    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>"What is in these?", then <see cref="Png"/> inline, then an image by URL (<c>https://example.com/cat.jpg</c>).</summary>
    public static UserChatMessage PngAndUrl() => new(
        ChatMessageContentPart.CreateTextPart("What is in these?"),
        ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Png), "image/png"),
        ChatMessageContentPart.CreateImagePart(new Uri("https://example.com/cat.jpg")));

    /// <summary>"What is in this?", then <see cref="Png"/> inline.</summary>
    public static UserChatMessage PngOnly() => new(
        ChatMessageContentPart.CreateTextPart("What is in this?"),
        ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Png), "image/png"));
}
