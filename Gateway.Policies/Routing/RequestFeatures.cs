namespace Gateway.Policies.Routing;

/// <summary>What a request needs from whoever serves it; candidates that cannot provide it are dropped.</summary>
[Flags]
public enum RequestFeatures
{
    None = 0,

    /// <summary>Non-empty <c>tools</c>.</summary>
    Tools = 1,

    /// <summary>An image content part.</summary>
    Vision = 2,

    /// <summary><c>response_format.type = json_schema</c>.</summary>
    JsonSchema = 4,

    /// <summary><c>n</c> greater than 1: a provider kind property, not a model one.</summary>
    MultipleChoices = 8,

    /// <summary>Audio in (an <c>input_audio</c> part) or out (<c>modalities</c> with <c>audio</c>).</summary>
    Audio = 16,
}
