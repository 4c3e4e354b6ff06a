namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Drops insignificant whitespace from already-validated JSON, byte for byte otherwise, so function call
/// <c>args</c> (pretty-printed in Gemini's whole answers) become a compact <c>arguments</c> string.
/// </summary>
internal static class GeminiJsonMinifier
{
    public static void Write(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        var inString = false;
        var escaped = false;
        var runStart = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
                continue;
            }
            if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                output.Write(json[runStart..i]);
                runStart = i + 1;
            }
        }
        output.Write(json[runStart..]);
    }
}
