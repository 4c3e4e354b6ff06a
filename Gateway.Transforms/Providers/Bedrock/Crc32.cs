namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// CRC-32 as gzip and the AWS event stream use it (IEEE polynomial, reflected, initial and final XOR 0xFFFFFFFF).
/// Table-driven; System.IO.Hashing is not part of the shared framework and one small table avoids a package.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC over more data: <c>Append(Compute(a), b) == Compute(a + b)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        var value = ~crc;
        foreach (var b in data)
        {
            value = table[(value ^ b) & 0xFF] ^ (value >> 8);
        }
        return ~value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? 0xEDB88320u ^ (entry >> 1) : entry >> 1;
            }
            table[i] = entry;
        }
        return table;
    }
}
