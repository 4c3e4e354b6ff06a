namespace Gateway.Tests.Infrastructure;

/// <summary>Function tools the chat tests offer, declared as the OpenAI SDK declares them.</summary>
internal static class ChatTools
{
    /// <summary>
    /// A "Weather" function named <paramref name="name"/> (as the provider's recorded answer calls it) that takes a string
    /// <c>location</c>, required or not.
    /// </summary>
    public static ChatTool Weather(string name, bool locationRequired = false) => ChatTool.CreateFunctionTool(name, "Weather", BinaryData.FromString(
        locationRequired
            ? """{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""
            : """{"type":"object","properties":{"location":{"type":"string"}}}"""));
}
