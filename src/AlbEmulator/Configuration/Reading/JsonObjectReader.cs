using System.Text.Json;
using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration.Reading;

/// <summary>
/// Reads the properties of one JSON object, turning every problem into a <see cref="ConfigError"/>:
/// wrong types, and (in <see cref="Finish"/>) properties that were never asked for, which
/// CloudFormation reports as "Encountered unsupported property". Property names are case-sensitive.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly List<ConfigError> _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonElement element, List<ConfigError> errors, string resource, string path)
    {
        _element = element;
        _errors = errors;
        Resource = resource;
        Path = path;
    }

    /// <summary>The resource errors are reported against.</summary>
    public string Resource { get; }

    /// <summary>Path of this object relative to <see cref="Resource"/> ("" for the resource itself).</summary>
    public string Path { get; }

    /// <summary>A reader for <paramref name="element"/>, or null (with an error) when it is not an object.</summary>
    public static JsonObjectReader? Open(JsonElement element, List<ConfigError> errors, string resource, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(resource, path, TypeMessage("Object", element)));
            return null;
        }

        return new JsonObjectReader(element, errors, resource, path);
    }

    public string FieldPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>A property's raw value, marking it as known; null when absent or JSON null.</summary>
    public JsonElement? Property(string name)
    {
        _read.Add(name);
        return _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    /// <summary>Peeks at a property without marking it as read (used to name resources).</summary>
    public JsonElement? Peek(string name) =>
        _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(string name) =>
        Property(name) is { } value ? JsonValues.ToString(value, _errors, Resource, FieldPath(name)) : null;

    public int? Int(string name) =>
        Property(name) is { } value ? JsonValues.ToInt(value, _errors, Resource, FieldPath(name)) : null;

    public bool? Bool(string name) =>
        Property(name) is { } value ? JsonValues.ToBool(value, _errors, Resource, FieldPath(name)) : null;

    /// <summary>Reads a nested object with <paramref name="read"/>; null when absent or not an object.</summary>
    public T? Object<T>(string name, Func<JsonObjectReader, T> read)
        where T : class
    {
        if (Property(name) is not { } value)
        {
            return null;
        }

        var reader = Open(value, _errors, Resource, FieldPath(name));
        if (reader is null)
        {
            return null;
        }

        var result = read(reader);
        reader.Finish();
        return result;
    }

    /// <summary>Reads an array property; items that cannot be read are skipped. Null when absent.</summary>
    public ValueList<T>? List<T>(string name, Func<JsonElement, string, int, T?> readItem)
    {
        if (Property(name) is not { } value)
        {
            return null;
        }

        var path = FieldPath(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(new ConfigError(Resource, path, TypeMessage("Array", value)));
            return null;
        }

        var items = new List<T>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (readItem(item, $"{path}[{index}]", index) is { } read)
            {
                items.Add(read);
            }

            index++;
        }

        return items.ToValueList();
    }

    /// <summary>An array of objects, each read with <paramref name="read"/>.</summary>
    public ValueList<T>? ObjectList<T>(string name, Func<JsonObjectReader, T> read)
        where T : class =>
        List(name, (item, path, _) =>
        {
            var reader = Open(item, _errors, Resource, path);
            if (reader is null)
            {
                return null;
            }

            var result = read(reader);
            reader.Finish();
            return result;
        });

    /// <summary>An array of strings.</summary>
    public ValueList<string>? StringList(string name) =>
        List(name, (item, path, _) => JsonValues.ToString(item, _errors, Resource, path));

    /// <summary>Reports every property that no reader method asked for, with the closest known name when one is near.</summary>
    public void Finish()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                _errors.Add(new ConfigError(Resource, FieldPath(property.Name), $"Encountered unsupported property {property.Name}{DidYouMean.Hint(property.Name, _read)}"));
            }
        }
    }

    public static string TypeMessage(string expected, JsonElement found) =>
        $"Expected {ArticleFor(expected)} {expected} but found {Describe(found)}";

    private static string ArticleFor(string word) => word[0] is 'A' or 'E' or 'I' or 'O' or 'U' ? "an" : "a";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an Object",
        JsonValueKind.Array => "an Array",
        JsonValueKind.String => $"the String \"{element.GetString()}\"",
        JsonValueKind.Number => $"the Number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the Boolean {element.GetRawText()}",
        _ => element.ValueKind.ToString(),
    };
}
