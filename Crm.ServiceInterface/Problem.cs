namespace Crm.ServiceInterface;

/// <summary>A failure the caller can act on; the host turns it into problem+json with this status.</summary>
public class ProblemException(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, string[]>? Errors { get; } = errors;
}

public static class Problem
{
    public static ProblemException NotFound(string detail) => new(404, "Not found", detail);
    public static ProblemException Conflict(string detail) => new(409, "Conflict", detail);
    public static ProblemException Forbidden(string detail) => new(403, "Forbidden", detail);

    public static ProblemException Invalid(string field, string message) =>
        new(400, "Check the form", message, new Dictionary<string, string[]> { [field] = [message] });
}
