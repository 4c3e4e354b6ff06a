namespace Gateway.Tests.Policies.Tenancy;

[TestFixture]
public sealed class ScopeTests
{
    private static readonly Guid Org = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    private static readonly Guid Team = Guid.Parse("0193a1b2-0000-7000-8000-000000000002");
    private static readonly Guid Environment = Guid.Parse("0193a1b2-0000-7000-8000-000000000003");

    [TestCase("global")]
    [TestCase("org:0193a1b2-0000-7000-8000-000000000001")]
    [TestCase("team:0193a1b2-0000-7000-8000-000000000002")]
    [TestCase("environment:0193a1b2-0000-7000-8000-000000000003")]
    public void Reads_back_the_text_it_writes(string text) => Assert.That(Scope.Parse(text).ToString(), Is.EqualTo(text));

    [TestCase("")]
    [TestCase("Global")]
    [TestCase("organization:0193a1b2-0000-7000-8000-000000000001")]
    [TestCase("team:")]
    [TestCase("team:not-a-uuid")]
    [TestCase(":0193a1b2-0000-7000-8000-000000000001")]
    public void Refuses_text_that_is_not_a_scope(string text)
    {
        Assert.That(Scope.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => Scope.Parse(text));
    }

    [Test]
    public void The_default_is_the_global_scope_and_kinds_order_from_the_widest()
    {
        Assert.That(default(Scope), Is.EqualTo(Scope.Global));
        Assert.That(Scope.Of(ScopeKind.Global, Org), Is.EqualTo(Scope.Global));
        Assert.That(Scope.Of(ScopeKind.Team, Team), Is.EqualTo(Scope.ForTeam(Team)));
        Assert.That(new[] { ScopeKind.Environment, ScopeKind.Global, ScopeKind.Team, ScopeKind.Organization }.Order(),
            Is.EqualTo(new[] { ScopeKind.Global, ScopeKind.Organization, ScopeKind.Team, ScopeKind.Environment }));
    }

    [Test]
    public void A_chain_sees_its_own_scopes_and_the_global_one_and_nothing_of_its_siblings()
    {
        var chain = new ScopeChain(Org, Team, Environment);

        Assert.That(new[] { Scope.Global, Scope.ForOrganization(Org), Scope.ForTeam(Team), Scope.ForEnvironment(Environment) }.All(scope => chain.Sees(scope)));
        Assert.That(chain.Sees(Scope.ForTeam(Guid.NewGuid())), Is.False);
        Assert.That(chain.Parent.Sees(Scope.ForEnvironment(Environment)), Is.False);
        Assert.That(chain.ToScope(), Is.EqualTo(Scope.ForEnvironment(Environment)));
        Assert.That(new ScopeChain(Org, null, null).Contains(chain), Is.True);
        Assert.That(chain.Contains(new ScopeChain(Org, Team, null)), Is.False);
    }
}
