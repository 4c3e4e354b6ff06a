namespace Gateway.Proxy.Admin.Audit;

/// <summary>The audit log's action words (lower case, as its check constraint wants).</summary>
internal static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string SetCredential = "set_credential";
    public const string DeleteCredential = "delete_credential";
    public const string Revoke = "revoke";
    public const string Rotate = "rotate";
    public const string AddBinding = "add_binding";
    public const string RemoveBinding = "remove_binding";

    /// <summary>An admin request refused with 403 (nothing changed).</summary>
    public const string Deny = "deny";

    public const string ReencryptCredentials = "reencrypt_credentials";
}
