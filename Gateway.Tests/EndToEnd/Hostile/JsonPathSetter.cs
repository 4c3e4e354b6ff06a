using System.Globalization;

namespace Gateway.Tests.EndToEnd.Hostile;

/// <summary>Sets the value at a path like <c>messages[2].tool_calls[0].function.name</c>, creating objects on the way and appending to arrays.</summary>
public static class JsonPathSetter
{
    public static void Set(JsonNode root, string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var steps = Parse(path);
        var node = root;
        for (var i = 0; i < steps.Count; i++)
        {
            var last = i == steps.Count - 1;
            var (name, index) = steps[i];
            if (name is not null)
            {
                var target = node.AsObject();
                if (last)
                {
                    target[name] = value;
                    return;
                }
                node = target[name] ??= steps[i + 1].Name is null ? new JsonArray() : new JsonObject();
            }
            else
            {
                var array = node.AsArray();
                if (index == array.Count)
                {
                    array.Add(last ? value : steps[i + 1].Name is null ? new JsonArray() : new JsonObject());
                    if (last)
                    {
                        return;
                    }
                }
                else if (last)
                {
                    array[index] = value;
                    return;
                }
                node = array[index]!;
            }
        }
    }

    private static List<(string? Name, int Index)> Parse(string path)
    {
        var steps = new List<(string? Name, int Index)>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            steps.Add((bracket < 0 ? part : part[..bracket], -1));
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                steps.Add((null, int.Parse(part[(bracket + 1)..close], CultureInfo.InvariantCulture)));
                bracket = part.IndexOf('[', close);
            }
        }
        return steps;
    }
}
