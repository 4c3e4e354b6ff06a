namespace Gateway.Tests.EndToEnd.Hostile;

/// <summary>The hostile corpus against a gateway serving from its config file alone.</summary>
[TestFixture]
public sealed class HostileCorpusTests : HostileCorpusFixture
{
}
