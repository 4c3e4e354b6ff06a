using Gateway.Policies.Tokens;
using Microsoft.ML.Tokenizers;

namespace Gateway.Tests.Policies.Tokens;

/// <summary>
/// The gateway's own tiktoken counter against Microsoft.ML.Tokenizers' <see cref="TiktokenTokenizer"/>, the reference:
/// the same count for every text, in both encodings.
/// </summary>
[TestFixture]
public sealed class TiktokenCounterTests
{
    private static readonly object[] Encodings = [TokenEncoding.O200kBase, TokenEncoding.Cl100kBase];

    // The reference remembers up to 8192 short pieces, special tokens among them, and once those are evicted it
    // byte-pair merges "<|endoftext|>" like any text; a fresh one per batch keeps it on its documented behaviour.
    private const int TextsPerReference = 50;

    private static readonly string[] MixedTexts =
    [
        "Hello, world! How's it going? I'm fine, you're great, they've gone, we'll see, he'd say.",
        "IT'S ALL CAPS AND IT'LL SHOUT, DON'T IT? WE'RE HERE, THEY'VE COME, I'D SAY, I'M SURE.",
        "Mixed CamelCaseWords and HTTPServerError and iPhone and macOS and XMLHttpRequest.",
        "A ’curly’ apostrophe, a 'quoted' word, rock 'n' roll, '90s, o'clock, ''double'' and ' lone.",
        "Numbers: 1 12 123 1234 12345 123456 1234567 3.14159 -42 1,000,000 0x1F 1e10 ٣٤٥ １２３ ⅷ ½",
        "中文文本，包含标点。日本語のテキスト、カタカナとひらがな。한국어 텍스트도 있습니다.",
        "العربية نص مع أرقام ١٢٣ وعلامات ترقيم، وأيضاً كلمات مثل الذكاء الاصطناعي.",
        "עברית עם ניקוד: שָׁלוֹם עוֹלָם. Ελληνικά: Καλημέρα κόσμε. Русский: Привет, мир!",
        "हिन्दी पाठ और தமிழ் உரை, ไทย ภาษา ไม่มีช่องว่าง, ქართული ენა.",
        "Emoji: 👋🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ 🎉🎉🎉 😀😃😄 ✅ ⭐ 🙂 and text between🙂emoji.",
        "Combining: e\u0301 a\u0300\u0316 n\u0303 Zalgo Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o and ǅ ǈ ǋ titlecase.",
        "Whitespace:   three spaces,\ttab,\t\ttwo tabs,\u00a0nbsp,\u3000ideographic,\u2003em space end   ",
        "Lines\nwith\r\nCRLF\rand\n\n\nblank lines\n  \n\t\n   indented\n    more\n",
        "trailing newline\n",
        "trailing spaces and newline \n ",
        "   ",
        "\n",
        "\r\n\r\n",
        "a",
        "'s",
        "'S 'T 'RE 'VE 'M 'LL 'D 's 't 're 've 'm 'll 'd",
        "Long ſ 'ſ and Kelvin K 'K signs, Turkish İı, German ß ẞ, ligature ﬁ ﬂ.",
        "path/to/file.txt and https://example.com/a/b?c=d&e=f#g and C:\\Windows\\System32\\",
        "code: if (x != null && y >= 0) { return x?.Value ?? y++; } // comment\n\tvar z = a[i] + b[j];",
        "json: {\"role\":\"user\",\"content\":\"hi\"} [1,2,3] {\"a\":{\"b\":null}}",
        "Lone surrogates: \ud800 and \udfff and \ud83d alone, and U+FFFD \ufffd replacement.",
        "Math: ∑ᵢ xᵢ² ≤ ∞, α+β=γ, √2 ≈ 1.414, ∀x∃y, ℕ ⊂ ℤ ⊂ ℚ ⊂ ℝ, 𝔸𝔹ℂ 𝒜ℬ𝒞 (outside the BMP).",
        "Rare CJK outside the BMP: 𠀀𠀁𠀂 𪚥 𩸽 and Linear B 𐀀 and Gothic 𐌰𐌱.",
        "<|endoftext|>",
        "before<|endoftext|>after",
        "  spaces before <|endoftext|>\n\nand after <|endofprompt|> then <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|>z",
        "<|endoftext|><|endoftext|><|endofprompt|>",
        "<|not a special|> <| |> <|endoftext| <|endoftex|> |endoftext|> <<|endoftext|>>",
        "<|im_start|>user<|im_sep|>hello<|im_end|>",
    ];

    [TestCaseSource(nameof(Encodings))]
    public void Counts_every_fixture_file_as_the_library_does(TokenEncoding encoding)
    {
        var fixtures = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures");
        var files = Directory.GetFiles(fixtures, "*", SearchOption.AllDirectories);
        Assert.That(files, Has.Length.GreaterThan(100));
        var reference = Reference(encoding);
        var counted = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.That(Count(text, encoding), Is.EqualTo(reference.CountTokens(text)), file);
            counted++;
            if (counted % TextsPerReference == 0)
            {
                reference = Reference(encoding);
            }
        }
    }

    [TestCaseSource(nameof(Encodings))]
    public void Counts_mixed_scripts_digits_whitespace_contractions_and_special_tokens_as_the_library_does(TokenEncoding encoding)
    {
        var reference = Reference(encoding);
        Assert.Multiple(() =>
        {
            foreach (var text in MixedTexts)
            {
                Assert.That(Count(text, encoding), Is.EqualTo(reference.CountTokens(text)), Escape(text));
            }
            var all = string.Join("\n", MixedTexts);
            Assert.That(Count(all, encoding), Is.EqualTo(reference.CountTokens(all)), "all together");
        });
    }

    [TestCaseSource(nameof(Encodings))]
    public void Counts_random_text_as_the_library_does(TokenEncoding encoding)
    {
        var random = new Random(20261206);
        var reference = Reference(encoding);
        var text = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            RandomText(random, text);
            var value = text.ToString();
            Assert.That(Count(value, encoding), Is.EqualTo(reference.CountTokens(value)), () => $"#{i}: {Escape(value)}");
            if ((i + 1) % TextsPerReference == 0)
            {
                reference = Reference(encoding);
            }
        }
    }

    [TestCaseSource(nameof(Encodings))]
    public void Counts_long_pieces_as_the_library_does(TokenEncoding encoding)
    {
        // Pieces past the stack buffers: a long word, base64 without spaces, a long digit and punctuation run.
        var random = new Random(7);
        var base64 = Convert.ToBase64String(Enumerable.Range(0, 3000).Select(_ => (byte)random.Next(256)).ToArray());
        string[] texts =
        [
            string.Concat(Enumerable.Repeat("antidisestablishmentarianism", 40)),
            base64,
            string.Concat(Enumerable.Repeat("9876543210", 100)),
            string.Concat(Enumerable.Repeat("=-+*/", 300)),
            new string(' ', 2000) + "x" + new string('\n', 500),
            string.Concat(Enumerable.Repeat("語", 700)),
            string.Concat(Enumerable.Repeat("🙂", 400)),
        ];
        var reference = Reference(encoding);
        Assert.Multiple(() =>
        {
            foreach (var text in texts)
            {
                Assert.That(Count(text, encoding), Is.EqualTo(reference.CountTokens(text)), text[..20]);
            }
        });
    }

    [Test]
    public void A_special_token_counts_one_however_often_it_comes()
    {
        var text = string.Concat(Enumerable.Repeat("<|endoftext|>", 10_000));
        Assert.Multiple(() =>
        {
            Assert.That(Count(text, TokenEncoding.O200kBase), Is.EqualTo(10_000));
            Assert.That(Count(text, TokenEncoding.Cl100kBase), Is.EqualTo(10_000));
            Assert.That(Count("<|fim_prefix|>", TokenEncoding.O200kBase), Is.GreaterThan(1), "not special in o200k_base");
            Assert.That(Count("<|fim_prefix|>", TokenEncoding.Cl100kBase), Is.EqualTo(1));
        });
    }

    [Test]
    public void Empty_text_is_no_tokens()
    {
        Assert.That(Count("", TokenEncoding.O200kBase), Is.Zero);
        Assert.That(Count("", TokenEncoding.Cl100kBase), Is.Zero);
    }

    [Test]
    public void Loads_the_whole_vocabulary_of_each_encoding()
    {
        // o200k_base has ranks 0..199997, cl100k_base 0..100255 (tiktoken's files; special tokens come after).
        Assert.That(TokenEncodings.Get(TokenEncoding.O200kBase)!.Vocabulary.RankCount, Is.EqualTo(199_998));
        Assert.That(TokenEncodings.Get(TokenEncoding.Cl100kBase)!.Vocabulary.RankCount, Is.EqualTo(100_256));
    }

    private static int Count(string text, TokenEncoding encoding) => TokenEncodings.Get(encoding)!.CountTokens(text);

    private static TiktokenTokenizer Reference(TokenEncoding encoding) =>
        TiktokenTokenizer.CreateForEncoding(encoding == TokenEncoding.O200kBase ? "o200k_base" : "cl100k_base");

    /// <summary>Random runs of fragments from many scripts and classes, up to 60 of them, between 0 and a few hundred chars.</summary>
    private static void RandomText(Random random, StringBuilder text)
    {
        text.Clear();
        var fragments = random.Next(61);
        for (var f = 0; f < fragments; f++)
        {
            var run = 1 + random.Next(random.Next(4) == 0 ? 12 : 4);
            switch (random.Next(16))
            {
                case 0: Append(random, text, run, 'a', 'z'); break;
                case 1: Append(random, text, run, 'A', 'Z'); break;
                case 2: Append(random, text, run, '0', '9'); break;
                case 3: AppendFrom(random, text, run, " \t\n\r \u00a0\u3000"); break;
                case 4: AppendFrom(random, text, run, ".,;:!?-_()[]{}<>|/\\\"'`~@#$%^&*+=…—–«»¿¡"); break;
                case 5: AppendFrom(random, text, 1, ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'LL", "'ſ", "’s", "n't"]); break;
                case 6: Append(random, text, run, '\u4e00', '\u9fff'); break;
                case 7: Append(random, text, run, '\u3040', '\u30ff'); break;
                case 8: Append(random, text, run, '\u0600', '\u06ff'); break;
                case 9: Append(random, text, run, '\u0300', '\u036f'); break;
                case 10: Append(random, text, run, '\u0370', '\u04ff'); break;
                case 11: AppendFrom(random, text, run, ["😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "𠀀", "𝔸", "\u200d", "\ufe0f"]); break;
                case 12: AppendFrom(random, text, run, ["\ud800", "\udc00", "\ufffd", "ſ", "K", "ǅ", "ß", "İ", "ﬁ", "①", "½", "٣", "１"]); break;
                case 13: AppendFrom(random, text, 1, ["<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|", "|>", "<|endoftext"]); break;
                case 14: Append(random, text, run, '\u0080', '\u07ff'); break;
                default: AppendFrom(random, text, 1, [" the", " and", " of", "ing", "tion", " is", "The", " HTTP", "Server", " 2024", "\n\n", "  ", "://"]); break;
            }
        }
    }

    private static void Append(Random random, StringBuilder text, int run, char first, char last)
    {
        for (var i = 0; i < run; i++)
        {
            text.Append((char)random.Next(first, last + 1));
        }
    }

    private static void AppendFrom(Random random, StringBuilder text, int run, string chars)
    {
        for (var i = 0; i < run; i++)
        {
            text.Append(chars[random.Next(chars.Length)]);
        }
    }

    private static void AppendFrom(Random random, StringBuilder text, int run, string[] pieces)
    {
        for (var i = 0; i < run; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < 0x20 || c > 0x7e)
            {
                escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }
}
