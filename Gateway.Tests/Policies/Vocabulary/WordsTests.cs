using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Vocabulary;

namespace Gateway.Tests.Policies.Vocabulary;

[TestFixture]
public sealed class WordsTests
{
    [Test]
    public void Every_member_has_one_word_that_reads_back()
    {
        RoundTrips(Words.Strategies);
        RoundTrips(Words.PolicyTypes);
        RoundTrips(Words.QuotaSubjects);
        RoundTrips(Words.QuotaMeasures);
        RoundTrips(Words.QuotaPeriods);
    }

    [Test]
    public void Keeps_the_words_the_database_and_the_admin_api_already_use()
    {
        Assert.That(Words.QuotaSubjects.Word(QuotaSubjectKind.Organization), Is.EqualTo("org"));
        Assert.That(Words.PolicyTypes.Word(RoutingPolicyType.Deterministic), Is.EqualTo("deterministic"));
        Assert.That(Words.Strategies.Word(RoutingStrategy.Throughput), Is.EqualTo("throughput"));
        Assert.That(Words.QuotaPeriods.Word(QuotaPeriod.Month), Is.EqualTo("month"));
    }

    [Test]
    public void Config_may_write_a_word_in_any_case_the_admin_api_only_exactly()
    {
        Assert.That(Words.Strategies.TryParse("Weighted", out var strategy) && strategy == RoutingStrategy.Weighted);
        Assert.That(Words.Strategies.TryParse("2", out _), Is.False);
        Assert.That(Words.Strategies.ByWord.ContainsKey("Weighted"), Is.False);
    }

    private static void RoundTrips<T>(EnumWords<T> words)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.That(words.ByWord[words.Word(value)], Is.EqualTo(value), typeof(T).Name);
        }
        Assert.That(words.ByWord, Has.Count.EqualTo(Enum.GetValues<T>().Length), typeof(T).Name);
    }
}
