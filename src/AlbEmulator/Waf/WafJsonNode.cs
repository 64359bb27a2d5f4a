using System.Globalization;
using System.Text.Json;

namespace AlbEmulator.Waf;

/// <summary>One problem in a WAF definition: the path of the field and what is wrong.</summary>
public sealed record WafDefinitionError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>
/// Reads one JSON object of a WAF definition, recording errors with their paths, and (in
/// <see cref="Finish"/>) reports properties nobody asked for, as CloudFormation and the WAFv2 API reject them.
/// </summary>
internal sealed class WafJsonNode
{
    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private WafJsonNode(JsonElement element, string path, List<WafDefinitionError> errors)
    {
        _element = element;
        Path = path;
        Errors = errors;
    }

    public string Path { get; }

    public List<WafDefinitionError> Errors { get; }

    public static WafJsonNode? Open(JsonElement element, string path, List<WafDefinitionError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new WafDefinitionError(path, "must be an object"));
            return null;
        }

        return new WafJsonNode(element, path, errors);
    }

    public string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public void Error(string name, string message) => Errors.Add(new WafDefinitionError(name.Length == 0 ? Path : Child(name), message));

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public IEnumerable<string> PropertyNames => _element.EnumerateObject().Select(p => p.Name);

    public JsonElement? Raw(string name)
    {
        _read.Add(name);
        return _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public WafJsonNode? Object(string name, bool required = false)
    {
        if (Raw(name) is not { } value)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        return Open(value, Child(name), Errors);
    }

    public string? String(string name, bool required = false)
    {
        if (Raw(name) is not { } value)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, "must be a string");
            return null;
        }

        return value.GetString();
    }

    public string? Enum(string name, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var value = String(name, required);
        if (value is not null && !allowed.Contains(value))
        {
            Error(name, $"'{value}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    public long? Long(string name, bool required = false, long min = long.MinValue, long max = long.MaxValue)
    {
        if (Raw(name) is not { } value)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        long number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number))
        {
        }
        else if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
        }
        else
        {
            Error(name, "must be an integer");
            return null;
        }

        if (number < min || number > max)
        {
            Error(name, $"must be between {min} and {max}");
            return null;
        }

        return number;
    }

    public bool? Bool(string name, bool required = false)
    {
        if (Raw(name) is not { } value)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        if (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed))
        {
            return parsed;
        }

        Error(name, "must be a boolean");
        return null;
    }

    /// <summary>The items of an array property (null when absent; an error when not an array).</summary>
    public IReadOnlyList<(JsonElement Item, string Path)>? Array(string name, bool required = false)
    {
        if (Raw(name) is not { } value)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, "must be an array");
            return null;
        }

        return value.EnumerateArray().Select((item, i) => (item, $"{Child(name)}[{i}]")).ToArray();
    }

    public IReadOnlyList<string>? Strings(string name, bool required = false)
    {
        var items = Array(name, required);
        if (items is null)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var (item, path) in items)
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Errors.Add(new WafDefinitionError(path, "must be a string"));
                continue;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    /// <summary>Marks every property as read (after an error that covers the whole object).</summary>
    public void MarkAllRead()
    {
        foreach (var member in PropertyNames)
        {
            _read.Add(member);
        }
    }

    /// <summary>
    /// The one member of a union object (a Statement, a FieldToMatch, a custom key) and its object, or null
    /// with <paramref name="message"/> reported when there is not exactly one. Finishes this node.
    /// </summary>
    public (string Type, WafJsonNode Inner)? SingleMember(string message)
    {
        var members = PropertyNames.ToArray();
        if (members.Length != 1)
        {
            Error("", message);
            MarkAllRead();
            return null;
        }

        var inner = Object(members[0]);
        Finish();
        return inner is null ? null : (members[0], inner);
    }

    /// <summary>Reports properties no reader asked for.</summary>
    public void Finish()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                Errors.Add(new WafDefinitionError(Child(property.Name), $"Encountered unsupported property {property.Name}"));
            }
        }
    }
}
