namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// What a request means to do with an existing admin item, for the rules that differ by it: a container
/// (organization, team, environment) is read and changed by its own admins but deleted from above, and a quota on a
/// scope is read by that scope's admins but set from above.
/// </summary>
internal enum AdminItemUse
{
    Read,
    Change,
    Delete,
}
