using System.Text;

namespace Gateway.Data.Keys;

/// <summary>
/// A newly created key. <see cref="Secret"/> is shown to the caller once and never stored; the record's
/// text form leaves it out so a log line cannot leak it.
/// </summary>
public sealed record CreatedApiKey(string Secret, ApiKeyRecord Key, IReadOnlyList<ApiKeyBindingRecord> Bindings)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Secret = ***, Key = ").Append(Key).Append(", Bindings = ").Append(Bindings.Count);
        return true;
    }
}
