using Gateway.Policies.Tokens;

namespace Gateway.Tests.Policies.Tokens;

[TestFixture]
public sealed class TiktokenVocabularyReaderTests
{
    [Test]
    public void Reads_one_base64_token_a_line_ranked_by_line_number()
    {
        // "a", "b", "ab", a rank with no token, "abc"; a capacity line first, CRLF line ends, no final newline.
        var vocabulary = Read("Capacity: 6\r\nYQ==\r\nYg==\r\nYWI=\r\n\r\nYWJj");

        Assert.That(vocabulary.RankCount, Is.EqualTo(5));
        Assert.That(RankOf(vocabulary, "a"), Is.Zero);
        Assert.That(RankOf(vocabulary, "b"), Is.EqualTo(1));
        Assert.That(RankOf(vocabulary, "ab"), Is.EqualTo(2));
        Assert.That(RankOf(vocabulary, "abc"), Is.EqualTo(4));
        Assert.That(vocabulary.Contains(""u8), Is.False, "the empty rank holds no token");
        Assert.That(vocabulary.Contains("ba"u8), Is.False);
        Assert.That(vocabulary.ByteCount, Is.EqualTo(7));
    }

    [Test]
    public void Reads_without_a_capacity_line()
    {
        var vocabulary = Read("YQ==\nYg==\n");
        Assert.That(vocabulary.RankCount, Is.EqualTo(2));
        Assert.That(RankOf(vocabulary, "b"), Is.EqualTo(1));
    }

    [TestCase("YQ== 0\n", TestName = "Rejects_a_rank_column")]
    [TestCase("YQ==\n!!!\n", TestName = "Rejects_a_line_that_is_not_base64")]
    [TestCase("Capacity: x\nYQ==\n", TestName = "Rejects_a_capacity_that_is_not_a_number")]
    public void Rejects_malformed_data(string text)
    {
        Assert.Throws<InvalidDataException>(() => Read(text));
    }

    [Test]
    public void Rejects_a_token_listed_twice()
    {
        Assert.Throws<ArgumentException>(() => Read("YQ==\nYQ==\n"));
    }

    private static TiktokenVocabulary Read(string text) => TiktokenVocabularyReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static int RankOf(TiktokenVocabulary vocabulary, string token) =>
        vocabulary.TryGetRank(Encoding.UTF8.GetBytes(token), out var rank) ? rank : -1;
}
