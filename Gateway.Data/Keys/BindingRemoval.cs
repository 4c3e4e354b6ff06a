namespace Gateway.Data.Keys;

/// <summary>What removing a key's binding did.</summary>
public enum BindingRemoval
{
    Removed,

    /// <summary>No such binding on that key (or no such key).</summary>
    NotFound,

    /// <summary>Refused: it is the key's last binding, and a key without one would have no scope.</summary>
    LastBinding,
}
