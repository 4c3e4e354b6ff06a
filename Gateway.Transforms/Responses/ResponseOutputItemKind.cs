namespace Gateway.Transforms.Responses;

internal enum ResponseOutputItemKind
{
    Message,
    FunctionCall,
}
