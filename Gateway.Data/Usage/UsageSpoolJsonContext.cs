using System.Text.Json.Serialization;

namespace Gateway.Data.Usage;

/// <summary>The spool's line format: a usage row as compact JSON (no newline can occur inside it).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageRow))]
internal sealed partial class UsageSpoolJsonContext : JsonSerializerContext;
