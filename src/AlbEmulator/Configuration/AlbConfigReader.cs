using System.Text.Json;

namespace AlbEmulator.Configuration;

// TEMPORARY STUB (replaced by the config branch).
public sealed record ConfigError(string Resource, string Field, string Message)
{
    public override string ToString() => Field.Length == 0 ? $"{Resource}: {Message}" : $"{Resource}: {Field}: {Message}";
}

public sealed record ConfigReadResult(AlbConfig? Config, IReadOnlyList<ConfigError> Errors);

public static class AlbConfigReader
{
    public static ConfigReadResult ReadFile(string path) => ReadJson(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!);

    public static ConfigReadResult ReadJson(string json, string baseDirectory)
    {
        var options = new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString };
        options.Converters.Add(new ValueListConverterFactory());
        var config = JsonSerializer.Deserialize<AlbConfig>(json, options)! with { BaseDirectory = baseDirectory };
        return new ConfigReadResult(config, []);
    }

    private sealed class ValueListConverterFactory : System.Text.Json.Serialization.JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Utilities.ValueList<>);

        public override System.Text.Json.Serialization.JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (System.Text.Json.Serialization.JsonConverter)Activator.CreateInstance(typeof(ValueListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class ValueListConverter<T> : System.Text.Json.Serialization.JsonConverter<Utilities.ValueList<T>>
    {
        public override Utilities.ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(JsonSerializer.Deserialize<T[]>(ref reader, options)!);

        public override void Write(Utf8JsonWriter writer, Utilities.ValueList<T> value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value.ToArray(), options);
    }
}

public static class AlbConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(AlbConfig config) => [];
}
