namespace Gateway.Proxy.Admin.Validation;

/// <summary>
/// Field rules shared by the validators. Each returns the clean value or throws a 400 naming the field by its
/// JSON path; together they keep out what PostgreSQL would refuse (NUL characters, lone surrogates, oversized text).
/// </summary>
internal static class Fields
{
    public const int MaxNameLength = 200;

    public static string Name(string? value, string param, int maxLength = MaxNameLength)
    {
        var text = Required(value, param).Trim();
        if (text.Length == 0)
        {
            throw Invalid(param, $"{param} must not be blank.");
        }
        return Text(text, param, maxLength)!;
    }

    /// <summary>Optional text within <paramref name="maxLength"/> characters and free of control characters.</summary>
    public static string? Text(string? value, string param, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            throw Invalid(param, $"{param} must be at most {maxLength} characters (got {value.Length}).");
        }
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw Invalid(param, $"{param} must not contain control characters.");
            }
        }
        return value;
    }

    public static string Required(string? value, string param) => value ?? throw Invalid(param, $"{param} is required.");

    public static T Required<T>(T? value, string param)
        where T : struct => value ?? throw Invalid(param, $"{param} is required.");

    public static T Required<T>(T? value, string param)
        where T : class => value ?? throw Invalid(param, $"{param} is required.");

    /// <summary><c>global</c>, <c>org:ID</c>, <c>team:ID</c> or <c>environment:ID</c>.</summary>
    public static Scope Scope(string? value, string param, bool allowGlobal = true)
    {
        var text = Required(value, param);
        if (!Gateway.Policies.Tenancy.Scope.TryParse(text, out var scope))
        {
            throw Invalid(param, $"{param} must be global, org:ID, team:ID or environment:ID.");
        }
        if (!allowGlobal && scope.Kind == ScopeKind.Global)
        {
            throw Invalid(param, $"{param} must be an organization, team or environment (org:ID, team:ID or environment:ID), not global.");
        }
        return scope;
    }

    /// <summary>A JSON object (or null), whose strings and property names PostgreSQL can store.</summary>
    public static JsonElement? JsonObject(JsonElement? value, string param)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(param, $"{param} must be a JSON object.");
        }
        CheckStorable(element, param);
        return element;
    }

    public static T OneOf<T>(string? value, string param, IReadOnlyDictionary<string, T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var text = Required(value, param);
        return choices.TryGetValue(text, out var choice)
            ? choice
            : throw Invalid(param, $"{param} must be one of {string.Join(", ", choices.Keys)}.");
    }

    public static decimal Decimal(decimal? value, string param, decimal min, decimal max)
    {
        var number = Required(value, param);
        return number < min || number > max
            ? throw Invalid(param, string.Create(CultureInfo.InvariantCulture, $"{param} must be between {min} and {max}."))
            : number;
    }

    public static AdminProblemException Invalid(string param, string message) => new(AdminErrors.Invalid(param, message));

    private static void CheckStorable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Invalid(path, $"{path} has a property name that is not valid Unicode text.");
                    }
                    var child = path + "." + name;
                    CheckString(name, child);
                    CheckStorable(property.Value, child);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckStorable(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"));
                }
                break;
            case JsonValueKind.String:
                string? text;
                try
                {
                    text = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Invalid(path, $"{path} is not valid Unicode text.");
                }
                CheckString(text, path);
                break;
        }
    }

    private static void CheckString(string? text, string path)
    {
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(path, $"{path} must not contain a NUL character.");
        }
    }
}
