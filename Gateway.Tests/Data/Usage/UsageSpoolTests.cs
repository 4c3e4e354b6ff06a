using System.Runtime.Versioning;
using Gateway.Data.Usage;

namespace Gateway.Tests.Data.Usage;

/// <summary>The spool keeps rows across restarts, detects a torn last line, and is replayed only by whoever holds a segment.</summary>
[TestFixture]
public sealed class UsageSpoolTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("gw-spool-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Reads_back_in_order_what_was_appended_with_events_and_bodies()
    {
        using (var spool = new UsageSpool(_directory))
        {
            spool.Append([Row("gen-1-a"), Row("gen-1-b")]);
            spool.Append([Row("gen-1-c") with { RequestBody = "{\"x\":\"é\\n\"}", Attempts = """[{"attempt":2,"billed":true,"cost":0.25}]""" }]);
            Assert.That(spool.PendingRecords, Is.EqualTo(3));
        }

        using var reopened = new UsageSpool(_directory);
        var rows = ReadAll(reopened, out var torn);

        Assert.That(rows.Select(row => row.Id), Is.EqualTo(new[] { "gen-1-a", "gen-1-b", "gen-1-c" }));
        Assert.That(rows[2].RequestBody, Is.EqualTo("{\"x\":\"é\\n\"}"));
        Assert.That(rows[2].Attempts, Is.EqualTo("""[{"attempt":2,"billed":true,"cost":0.25}]"""));
        Assert.That(torn, Is.Zero);
        Assert.That(reopened.PendingRecords, Is.Zero, "completed segments are deleted");
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void Ignores_a_torn_last_line_left_by_a_crash_mid_append()
    {
        using (var spool = new UsageSpool(_directory))
        {
            spool.Append([Row("gen-1-a"), Row("gen-1-b")]);
        }
        var segment = Directory.GetFiles(_directory).Single();
        // A crash mid-write: the start of a third line, its length prefix promising more than follows.
        File.AppendAllText(segment, "412 {\"Id\":\"gen-1-torn\",\"Crea", Encoding.UTF8);

        using var reopened = new UsageSpool(_directory);
        var rows = ReadAll(reopened, out var torn);

        Assert.That(rows.Select(row => row.Id), Is.EqualTo(new[] { "gen-1-a", "gen-1-b" }));
        Assert.That(torn, Is.EqualTo(1));
    }

    [Test]
    public void Rejects_a_complete_line_whose_length_does_not_match()
    {
        using (var spool = new UsageSpool(_directory))
        {
            spool.Append([Row("gen-1-a")]);
        }
        var segment = Directory.GetFiles(_directory).Single();
        var line = File.ReadAllText(segment);
        File.WriteAllText(segment, line.Replace("gen-1-a", "gen-1-ab", StringComparison.Ordinal) + line);

        using var reopened = new UsageSpool(_directory);
        var rows = ReadAll(reopened, out var torn);

        Assert.That(rows.Select(row => row.Id), Is.EqualTo(new[] { "gen-1-a" }));
        Assert.That(torn, Is.EqualTo(1));
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public void Creates_its_folder_and_files_for_its_owner_only()
    {
        var folder = Path.Combine(_directory, "deeper", "spool");
        using var spool = new UsageSpool(folder);
        spool.Append([Row("gen-1-a")]);
        spool.Reject(Row("gen-1-b"));

        Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), Path.GetFileName(file));
        }
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public void Narrows_an_existing_folder_open_to_others()
    {
        var folder = Path.Combine(_directory, "open");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);

        using var spool = new UsageSpool(folder);

        Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
    }

    [Test]
    public void Takes_rows_only_up_to_its_size_cap_and_again_once_replayed()
    {
        long rowBytes;
        using (var probe = new UsageSpool(Path.Combine(_directory, "probe")))
        {
            probe.Append([Row("gen-1-0")]);
            rowBytes = probe.PendingBytes;
        }
        using var spool = new UsageSpool(Path.Combine(_directory, "capped"), maxBytes: (rowBytes * 5) / 2);

        Assert.That(spool.Append([Row("gen-1-1"), Row("gen-1-2"), Row("gen-1-3")]), Is.EqualTo(2), "two rows fit under 2.5 rows' bytes");
        Assert.That(spool.Append([Row("gen-1-4")]), Is.Zero);
        Assert.That(spool.PendingBytes, Is.LessThanOrEqualTo(spool.MaxBytes));
        Assert.That(spool.PendingRecords, Is.EqualTo(2));

        spool.Seal();
        using (var segment = spool.TryOpen(spool.Segments().Single())!)
        {
            spool.Complete(segment);
        }
        Assert.That(spool.Append([Row("gen-1-5")]), Is.EqualTo(1), "replayed segments make room");
    }

    [Test]
    public void Does_not_hand_out_the_segment_being_appended_to_until_it_is_sealed()
    {
        using var spool = new UsageSpool(_directory);
        spool.Append([Row("gen-1-a")]);

        Assert.That(spool.Segments(), Is.Empty);
        spool.Seal();
        Assert.That(spool.Segments(), Has.Count.EqualTo(1));
    }

    private static List<UsageRow> ReadAll(UsageSpool spool, out int torn)
    {
        spool.Seal();
        var all = new List<UsageRow>();
        torn = 0;
        foreach (var path in spool.Segments())
        {
            using var segment = spool.TryOpen(path)!;
            var batch = new List<UsageRow>();
            while (segment.ReadBatch(batch, 2))
            {
                all.AddRange(batch);
            }
            torn += segment.TornLines;
            spool.Complete(segment);
        }
        return all;
    }

    private static UsageRow Row(string id) => new()
    {
        Id = id,
        CreatedAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
        RequestedModel = "chat",
        Status = 200,
        PromptTokens = 10,
        Cost = 0.001m,
    };
}
