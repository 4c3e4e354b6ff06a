using System.Buffers.Binary;

namespace Gateway.Tests.EndToEnd.Media;

/// <summary>Uploads for the media tests: a real WAV file, and multipart bodies built by hand where the SDK cannot send them.</summary>
internal static class MediaForms
{
    /// <summary>A 16 kHz mono 16-bit PCM WAV of <paramref name="seconds"/> seconds (32,000 bytes a second), filled with a pattern.</summary>
    public static byte[] Wav(double seconds)
    {
        var dataBytes = (int)(seconds * 32_000);
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), 16_000);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), 32_000);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), dataBytes);
        for (var i = 44; i < wav.Length; i++)
        {
            wav[i] = (byte)(i * 31 % 251);
        }
        return wav;
    }

    /// <summary>A form with the text fields first (as the Python SDK and curl send it), then the file.</summary>
    public static MultipartFormDataContent ModelFirst(string model, byte[] file, string fileName = "speech.wav", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(model), "model");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(content, "file", fileName);
        return form;
    }

    /// <summary>Whether <paramref name="haystack"/> contains <paramref name="needle"/>.</summary>
    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The part of a forwarded form that carries <paramref name="field"/>'s value.</summary>
    public static byte[] FieldPart(string field, string value) =>
        Encoding.UTF8.GetBytes($"name={field}\r\n\r\n{value}\r\n");
}
