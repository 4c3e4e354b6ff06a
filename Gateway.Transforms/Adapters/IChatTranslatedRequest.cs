namespace Gateway.Transforms.Adapters;

/// <summary>
/// A front door's request that is served as chat (Anthropic's Messages, OpenAI's Responses when translated): its translation to the gateway's chat request,
/// which the accountant estimates prompts from like a chat request's.
/// </summary>
public interface IChatTranslatedRequest
{
    ChatRequest? Chat { get; }
}
