using System.Buffers;
using Gateway.Transforms.Multipart;

namespace Gateway.Tests.Transforms.Multipart;

[TestFixture]
public sealed class MultipartFormScannerTests
{
    private const string Boundary = "4Aj=w657urIsBAjTyzU=FOmPhGChnkSpHwBVx4r";

    // The OpenAI .NET SDK's shape: the file first, then model and the other fields, names unquoted.
    private static readonly byte[] SdkForm = Encoding.UTF8.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=file; filename=a.wav; filename*=utf-8''a.wav\r\n\r\n"
        + "RIFF\r\n--almost\r\n-" + $"\r\n--{Boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name=model\r\n\r\nwhisper-1"
        + $"\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\nverbose_json\r\n--{Boundary}--\r\n");

    [Test]
    public void Reads_fields_model_position_and_file_size_however_the_body_is_sliced()
    {
        foreach (var slice in new[] { 1, 2, 3, 7, 13, 64, SdkForm.Length })
        {
            var scanner = ScanInSlices(SdkForm, slice);
            Assert.Multiple(() =>
            {
                Assert.That(scanner.Problem, Is.Null, $"slice {slice}");
                Assert.That(scanner.Completed, Is.True, $"slice {slice}");
                Assert.That(scanner.Model, Is.EqualTo("whisper-1"));
                Assert.That(Encoding.UTF8.GetString(SdkForm, (int)scanner.ModelOffset, scanner.ModelLength), Is.EqualTo("whisper-1"));
                Assert.That(scanner.Fields["response_format"], Is.EqualTo("verbose_json"));
                Assert.That(scanner.FileParts, Is.EqualTo(1));
                Assert.That(scanner.FileName, Is.EqualTo("a.wav"));
                // A line that looks like a boundary but is not this one stays file content.
                Assert.That(Encoding.UTF8.GetString(scanner.FileHead), Is.EqualTo("RIFF\r\n--almost\r\n-"));
                Assert.That(scanner.Position, Is.EqualTo(SdkForm.Length));
            });
        }
    }

    [Test]
    public void A_body_without_its_closing_boundary_is_a_problem()
    {
        var truncated = SdkForm.AsSpan(0, SdkForm.Length - 12).ToArray();
        var scanner = ScanInSlices(truncated, 5);
        Assert.That(scanner.Problem, Does.Contain("ends"));
        Assert.That(scanner.Completed, Is.False);
    }

    [Test]
    public void A_part_without_a_field_name_or_with_two_models_is_a_problem()
    {
        var nameless = Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{Boundary}--");
        Assert.That(ScanInSlices(nameless, 4).Problem, Does.Contain("Content-Disposition").Or.Contain("field name"));

        var twice = Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=model\r\n\r\na\r\n--{Boundary}\r\nContent-Disposition: form-data; name=model\r\n\r\nb\r\n--{Boundary}--");
        Assert.That(ScanInSlices(twice, 9).Problem, Does.Contain("more than one model"));
    }

    [Test]
    public void Parses_quoted_boundaries_and_refuses_other_content_types()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MultipartBoundary.TryParse($"multipart/form-data; boundary=\"{Boundary}\"", out var quoted, out _), Is.True);
            Assert.That(quoted, Is.EqualTo(Boundary));
            Assert.That(MultipartBoundary.TryParse("multipart/form-data", out _, out var missing), Is.False);
            Assert.That(missing, Does.Contain("no boundary"));
            Assert.That(MultipartBoundary.TryParse("application/json", out _, out _), Is.False);
            Assert.That(MultipartBoundary.TryParse("multipart/form-data; boundary=" + new string('a', 71), out _, out _), Is.False);
        });
    }

    /// <summary>Feeds the body as a pipe would: each call sees what the last left unconsumed plus the next slice.</summary>
    private static MultipartFormScanner ScanInSlices(byte[] body, int slice)
    {
        var scanner = new MultipartFormScanner(Boundary);
        var pending = 0;
        var offset = 0;
        while (true)
        {
            var end = Math.Min(body.Length, offset + pending + slice);
            var final = end == body.Length;
            var window = new ReadOnlySequence<byte>(body, offset, end - offset);
            var consumed = scanner.Scan(window, final);
            offset += (int)consumed;
            pending = end - offset;
            if (final || scanner.Problem is not null)
            {
                return scanner;
            }
        }
    }
}
