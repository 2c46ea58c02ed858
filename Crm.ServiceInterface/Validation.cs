namespace Crm.ServiceInterface;

/// <summary>
/// Collects every problem of one request before anything is stored, so a form shows all of them at once, each once,
/// in words written for a person ("Give the queue a name"), keyed by the JSON field name the client sent.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.OrdinalIgnoreCase);

    public bool IsValid => errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        if (!messages.Contains(message)) messages.Add(message);
        return this;
    }

    /// <summary>A required text: missing, empty or only spaces gets <paramref name="message"/>.</summary>
    public Validation Required(string? value, string field, string message) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, message) : this;

    /// <summary>A stated limit, refused in words and never cut: "The name can be at most 100 characters (this one has 140)."</summary>
    public Validation MaxLength(string? value, int max, string field, string what) =>
        value is not null && value.Length > max ? Add(field, $"{what} can be at most {max:N0} characters (this one has {value.Length:N0}).") : this;

    public Validation Range(long? value, long min, long max, string field, string message) =>
        value is { } v && (v < min || v > max) ? Add(field, message) : this;

    /// <summary>Runs a check that throws a field's problem (a parser, a normaliser) and keeps its messages with the others.</summary>
    public T? Try<T>(Func<T> check)
    {
        try { return check(); }
        catch (ProblemException problem) when (problem.Status == 400 && problem.Errors is { } fields)
        {
            foreach (var (field, messages) in fields)
                foreach (var message in messages) Add(field, message);
            return default;
        }
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="condition"/> is true.</summary>
    public Validation When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    /// <summary>Throws a 400 problem listing every field's messages; the detail repeats the first one for a one-line summary.</summary>
    public void ThrowIfInvalid()
    {
        if (IsValid) return;
        var all = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        var detail = all.Count == 1 && all.First().Value.Length == 1 ? all.First().Value[0] : "Some fields need attention; each says what to change.";
        throw new ProblemException(400, "Check the form", detail, all);
    }
}
