using System.Text;

namespace Gateway.Policies.Routing;

/// <summary>
/// Checks a <c>provider/model</c> name a client addresses directly. Adapters escape every name they put in a URL; this
/// refuses, before anything is sent, what no provider's model is called and what could only serve to bend a URL, a
/// header or a log line: control characters, whitespace, <c>.</c> or <c>..</c> segments, <c>?</c>, <c>#</c>, and
/// names over <see cref="MaxBytes"/>.
/// </summary>
internal static class DirectModelName
{
    /// <summary>The longest direct name accepted, in UTF-8 bytes (provider id, slash and model).</summary>
    public const int MaxBytes = 256;

    /// <summary>Why <paramref name="name"/> cannot be addressed directly, or null when it can.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > MaxBytes || Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"a provider/model name may be at most {MaxBytes} bytes long";
        }
        foreach (var c in name)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return "a provider/model name may not contain whitespace or control characters";
            }
            if (c is '?' or '#')
            {
                return "a provider/model name may not contain '?' or '#'";
            }
        }
        foreach (var segment in name.AsSpan().Split('/'))
        {
            if (name.AsSpan(segment) is "." or "..")
            {
                return "a provider/model name may not contain '.' or '..' segments";
            }
        }
        return null;
    }
}
