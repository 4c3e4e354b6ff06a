namespace Gateway.Policies.Configuration;

/// <summary>What the catalog knows about one provider model.</summary>
public sealed class ModelInfoDocument : ModelFieldsDocument;
