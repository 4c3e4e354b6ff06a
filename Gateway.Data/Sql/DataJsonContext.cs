using System.Text.Json.Serialization;
using Gateway.Data.Aliases;

namespace Gateway.Data.Sql;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AliasTarget[]))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
