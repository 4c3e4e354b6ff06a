using Gateway.Policies.Tokens;

namespace Gateway.Tests.Policies.Tokens;

[TestFixture]
public sealed class BytePairCounterTests
{
    // Ranks 0..5: a b c ab bc abc.
    private static readonly TiktokenVocabulary Vocabulary = Build("a", "b", "c", "ab", "bc", "abc");

    [Test]
    public void Merges_the_lowest_ranked_pair_first()
    {
        // "abc": "ab" (3) before "bc" (4), then "ab"+"c" is "abc" (5).
        Assert.That(BytePairCounter.Count("abc"u8, Vocabulary), Is.EqualTo(1));
        // "bcab": "ab" (3) first, then "bc" (4); "bcab" is no token.
        Assert.That(BytePairCounter.Count("bcab"u8, Vocabulary), Is.EqualTo(2));
    }

    [Test]
    public void Stops_when_no_adjacent_pair_is_a_token()
    {
        Assert.That(BytePairCounter.Count("cba"u8, Vocabulary), Is.EqualTo(3));
        Assert.That(BytePairCounter.Count("c"u8, Vocabulary), Is.EqualTo(1));
        Assert.That(BytePairCounter.Count(""u8, Vocabulary), Is.Zero);
    }

    [Test]
    public void Merges_a_piece_longer_than_the_stack_buffers()
    {
        // 300 x "abc": every "abc" becomes one token and no two join.
        var piece = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc", 300)));
        Assert.That(BytePairCounter.Count(piece, Vocabulary), Is.EqualTo(300));
    }

    private static TiktokenVocabulary Build(params string[] tokens)
    {
        var offsets = new int[tokens.Length + 1];
        var bytes = new List<byte>();
        for (var i = 0; i < tokens.Length; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(tokens[i]));
            offsets[i + 1] = bytes.Count;
        }
        return new TiktokenVocabulary([.. bytes], offsets);
    }
}
