using System.Globalization;
using System.Text;
using Crm.ServiceInterface.Data;
using CsvHelper;

namespace Crm.ServiceInterface.Playback;

/// <summary>Playback for supervisors: the filtered list of conversations, one conversation's whole timeline, transcripts and the CSV.</summary>
public sealed class PlaybackServices(CrmDb db, TimeProvider time)
{
    public async Task<Paged<PlaybackRow>> ListAsync(PlaybackFilter filter, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await PlaybackReads.ListAsync(c, filter, PlaybackFilter.PageSize);
    }

    public async Task<PlaybackDetail> GetAsync(long id, bool withWhispers, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await DetailAsync(c, id, withWhispers);
    }

    internal static async Task<PlaybackDetail> DetailAsync(DbConnection c, long id, bool withWhispers)
    {
        var (row, raw) = await PlaybackReads.OneAsync(c, id) ?? throw Problem.NotFound($"There is no conversation {id}.");
        var email = raw.Channel == "webchat"
            ? await c.ExecuteScalarAsync<string?>("SELECT email FROM webchat_sessions WHERE id = @Address", new { raw.Address }) : null;
        // A web chat's address is the visitor's secret session id: never shown; the e-mail they gave is how people know them.
        var address = raw.Channel == "webchat" ? email ?? "web chat visitor" : Customers.IdentityAddress.Formatted(raw.Channel, raw.Address);
        return new PlaybackDetail(row, address, raw.Source, email,
            await PlaybackTimeline.BuildAsync(c, id, raw.CreatedAt, raw.CustomerName, withWhispers));
    }

    /// <summary>The transcript as a file: plain text or self-contained HTML, times in <paramref name="timeZone"/> (the server's when empty).</summary>
    public async Task<(string Content, string ContentType, string FileName)> TranscriptAsync(long id, string? format, string? timeZone,
        TranscriptReader reader, CancellationToken ct = default)
    {
        var validation = new Validation();
        format = string.IsNullOrWhiteSpace(format) ? "text" : format.Trim().ToLowerInvariant();
        validation.When(format is not ("text" or "html"), "format", "Ask for the transcript as text or html.");
        var zone = Zone(timeZone, validation);
        validation.ThrowIfInvalid();
        var detail = await GetAsync(id, reader == TranscriptReader.Supervisor, ct);
        return format == "html"
            ? (TranscriptWriter.Html(detail, zone!, reader), "text/html; charset=utf-8", $"conversation-{id}.html")
            : (TranscriptWriter.Text(detail, zone!, reader), "text/plain; charset=utf-8", $"conversation-{id}.txt");
    }

    /// <summary>The list as CSV, one row per conversation, the list's columns; times in <paramref name="timeZone"/>.</summary>
    public async Task ExportCsvAsync(PlaybackFilter filter, string? timeZone, Stream output, CancellationToken ct = default)
    {
        var validation = new Validation();
        var zone = Zone(timeZone, validation);
        validation.ThrowIfInvalid();
        await using var c = await db.OpenAsync(ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = CsvWriter.Create(writer, CsvOptions, leaveOpen: true);
        await csv.WriteRecordAsync(["Conversation", "Customer", "Channel", "Queue", "Agents", "Started", "Ended", "Duration (s)",
            "Wrap-up reasons", "Transaction codes", "Messages", "State", "Time zone"], ct);
        await foreach (var row in PlaybackReads.AllAsync(c, filter).WithCancellation(ct))
        {
            csv.WriteField(row.Id);
            csv.WriteField(row.CustomerName ?? "");
            csv.WriteField(row.Channel);
            csv.WriteField(row.Queue);
            csv.WriteField(string.Join("; ", row.Agents));
            csv.WriteField(TranscriptWriter.Time(row.StartedAt, zone!));
            csv.WriteField(row.EndedAt is { } ended ? TranscriptWriter.Time(ended, zone!) : "");
            csv.WriteField(row.DurationMs / 1000);
            csv.WriteField(string.Join("; ", row.WrapUpReasons));
            csv.WriteField(string.Join("; ", row.TransactionCodes));
            csv.WriteField(row.MessageCount);
            csv.WriteField(row.State);
            csv.WriteField(zone!.Id);
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    private static readonly CsvWriterOptions CsvOptions = new() { Injection = CsvInjection.Escape }; // a customer named "=SUM(..)" stays text

    public PlaybackFilter Filter(string? queue, string? agent, string? channel, string? from, string? to, string? q, string? customer,
        string? wrapup, string? page) => PlaybackFilter.Parse(queue, agent, channel, from, to, q, customer, wrapup, page, time);

    public TimeZoneInfo RequireZone(string? name)
    {
        var validation = new Validation();
        var zone = Zone(name, validation);
        validation.ThrowIfInvalid();
        return zone!;
    }

    /// <summary>An IANA zone by name, or the server's own when none is given; an unknown name is the caller's problem, named.</summary>
    public TimeZoneInfo? Zone(string? name, Validation validation, string field = "timeZone")
    {
        if (string.IsNullOrWhiteSpace(name)) return time.LocalTimeZone;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone)) return zone;
        validation.Add(field, $"'{name}' is not a time zone; use an IANA name such as Europe/Berlin or America/New_York.");
        return null;
    }
}
