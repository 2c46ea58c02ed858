using System.Globalization;
using System.Text.Json;

namespace Crm.ServiceInterface.Channels;

/// <summary>A JSON element with its path, so a missing or mistyped field is reported as "entry[0].messaging[1].message.mid".</summary>
internal readonly record struct PayloadNode(JsonElement Element, string Path, string Channel)
{
    public static JsonDocument ParseDocument(ReadOnlySpan<byte> body, string channel)
    {
        if (body.IsEmpty) throw new ChannelPayloadException(channel, "the body is empty.");
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw new ChannelPayloadException(channel, $"the body is not JSON ({e.Message}).");
        }
    }

    public static PayloadNode Root(JsonDocument document, string channel)
    {
        var root = new PayloadNode(document.RootElement, "", channel);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw root.Error($"the body is {Describe(document.RootElement.ValueKind)}, not an object.");
        return root;
    }

    public ChannelPayloadException Error(string detail) => new(Channel, detail);

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public PayloadNode? Get(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object || !Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return new PayloadNode(value, Child(name), Channel);
    }

    public bool Has(string name) => Get(name) is not null;

    public PayloadNode Object(string name)
    {
        var node = Get(name) ?? throw Error($"{Child(name)} is missing.");
        return node.Element.ValueKind == JsonValueKind.Object ? node : throw Error($"{node.Path} is {Describe(node.Element.ValueKind)}, not an object.");
    }

    /// <summary>The items of an array field; none when the field is absent, an error when it is not an array.</summary>
    public IEnumerable<PayloadNode> Items(string name, bool required = false)
    {
        if (Get(name) is not { } node)
            return required ? throw Error($"{Child(name)} is missing.") : [];
        if (node.Element.ValueKind != JsonValueKind.Array)
            throw Error($"{node.Path} is {Describe(node.Element.ValueKind)}, not an array.");
        var path = node.Path;
        var channel = Channel;
        return node.Element.EnumerateArray().Select((item, i) => new PayloadNode(item, $"{path}[{i}]", channel)).ToList();
    }

    /// <summary>The members of an object field by name (X's users map); none when absent.</summary>
    public IEnumerable<(string Name, PayloadNode Value)> Members()
    {
        if (Element.ValueKind != JsonValueKind.Object) return [];
        var self = this;
        return Element.EnumerateObject().Select(p => (p.Name, new PayloadNode(p.Value, self.Child(p.Name), self.Channel))).ToList();
    }

    /// <summary>A string field (numbers are read as their text, ids come either way); null when absent.</summary>
    public string? String(string name) => Get(name) is { } node
        ? node.Element.ValueKind switch
        {
            JsonValueKind.String => node.Element.GetString(),
            JsonValueKind.Number => node.Element.GetRawText(),
            _ => throw Error($"{node.Path} is {Describe(node.Element.ValueKind)}, not a string."),
        }
        : null;

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw Error($"{Child(name)} is missing.");

    /// <summary>An integer field written as a number or as a string of digits (WhatsApp and X send timestamps as strings).</summary>
    public long? Long(string name)
    {
        if (Get(name) is not { } node) return null;
        if (node.Element.ValueKind == JsonValueKind.Number && node.Element.TryGetInt64(out var number)) return number;
        if (node.Element.ValueKind == JsonValueKind.String
            && long.TryParse(node.Element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        throw Error($"{node.Path} is not an integer.");
    }

    public bool Bool(string name) => Get(name) is { } node && node.Element.ValueKind == JsonValueKind.True;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array", JsonValueKind.Object => "an object", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };
}
