namespace Gateway.Transforms.Responses;

public enum ResponseOutputItemKind
{
    Message,
    FunctionCall,
}
