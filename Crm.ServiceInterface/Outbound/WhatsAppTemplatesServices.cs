using System.Text.Json;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.WhatsApp;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Outbound;

/// <summary>The business's approved WhatsApp templates: typed in by an admin or synced from the Cloud API, offered in the composer.</summary>
public sealed class WhatsAppTemplatesServices(CrmDb db, ChannelRegistry channels, IHttpClientFactory http, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Columns = "id, name, language, category, body, header_text AS HeaderText, buttons, status, source, enabled, updated_at AS UpdatedAt";

    public async Task<IReadOnlyList<WhatsAppTemplateDto>> ListAsync(bool usableOnly, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ListAsync(c, null, usableOnly);
    }

    private static async Task<IReadOnlyList<WhatsAppTemplateDto>> ListAsync(DbConnection c, DbTransaction? tx, bool usableOnly) =>
        (await c.QueryAsync<TemplateRow>($"SELECT {Columns} FROM whatsapp_templates" +
            (usableOnly ? " WHERE enabled = 1 AND status = 'APPROVED'" : "") + " ORDER BY name, language", transaction: tx)).Select(r => r.Dto()).ToList();

    public Task<WhatsAppTemplateDto> CreateAsync(SaveWhatsAppTemplate request, long actorId, CancellationToken ct = default)
    {
        var input = Check(request);
        return db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM whatsapp_templates WHERE name = @Name AND language = @Language", input, tx) is not null)
                throw Problem.Invalid("name", $"A template {input.Name} in {input.Language} is registered already; edit that one.");
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO whatsapp_templates (name, language, category, body, header_text, buttons, status, source, enabled, created_at, updated_at)
                VALUES (@Name, @Language, @Category, @Body, @HeaderText, @Buttons, 'APPROVED', 'admin', @Enabled, @now, @now) RETURNING id
                """, new { input.Name, input.Language, input.Category, input.Body, input.HeaderText, input.Buttons, input.Enabled, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "whatsapp_template", id, "created", $"WhatsApp template {input.Name} ({input.Language})", now);
            return await LoadAsync(c, tx, id);
        }, ct);
    }

    public Task<WhatsAppTemplateDto> UpdateAsync(long id, SaveWhatsAppTemplate request, long actorId, CancellationToken ct = default)
    {
        var input = Check(request);
        return db.InTransactionAsync(async (c, tx) =>
        {
            await LoadAsync(c, tx, id);
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM whatsapp_templates WHERE name = @Name AND language = @Language AND id <> @id",
                    new { input.Name, input.Language, id }, tx) is not null)
                throw Problem.Invalid("name", $"Another template is registered as {input.Name} in {input.Language}.");
            var now = time.NowMs();
            await c.ExecuteAsync("""
                UPDATE whatsapp_templates SET name = @Name, language = @Language, category = @Category, body = @Body, header_text = @HeaderText,
                    buttons = @Buttons, enabled = @Enabled, updated_at = @now WHERE id = @id
                """, new { input.Name, input.Language, input.Category, input.Body, input.HeaderText, input.Buttons, input.Enabled, now, id }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "whatsapp_template", id, "updated", $"WhatsApp template {input.Name} ({input.Language})", now);
            return await LoadAsync(c, tx, id);
        }, ct);
    }

    /// <summary>Retires a template: old messages keep their text, the composer stops offering it.</summary>
    public Task RetireAsync(long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var template = await LoadAsync(c, tx, id);
            var now = time.NowMs();
            await c.ExecuteAsync("UPDATE whatsapp_templates SET enabled = 0, updated_at = @now WHERE id = @id", new { id, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "whatsapp_template", id, "retired", $"WhatsApp template {template.Name} ({template.Language})", now);
        }, ct);

    /// <summary>The template to send and the text the transcript keeps, or a 400 naming what is missing.</summary>
    internal static async Task<(TemplateSend Send, string Text)> ResolveAsync(DbConnection c, DbTransaction? tx, TemplateMessage request,
        string field = "template")
    {
        var check = new Validation()
            .Required(request.Name, $"{field}.name", "Choose a template.")
            .Required(request.Language, $"{field}.language", "Give the template's language (for example en_US).");
        check.ThrowIfInvalid();
        var row = await c.QuerySingleOrDefaultAsync<TemplateRow>(
            $"SELECT {Columns} FROM whatsapp_templates WHERE name = @Name AND language = @Language",
            new { Name = request.Name!.Trim(), Language = request.Language!.Trim() }, tx);
        if (row is null || !row.Enabled || row.Status != "APPROVED")
            throw Problem.Invalid($"{field}.name", row is null
                ? $"There is no registered template {request.Name} in {request.Language}; an admin registers or syncs the approved ones."
                : $"The template {request.Name} ({request.Language}) is {(row.Enabled ? row.Status.ToLowerInvariant() : "retired")}; choose an approved one.");
        var template = row.Dto();
        var body = (request.Parameters ?? []).Select(p => p?.Trim() ?? "").ToList();
        var header = (request.HeaderParameters ?? []).Select(p => p?.Trim() ?? "").ToList();
        check.When(body.Count != template.ParameterCount, $"{field}.parameters",
                $"The template {template.Name} needs {template.ParameterCount} value{(template.ParameterCount == 1 ? "" : "s")} for its text; " +
                $"{body.Count} given.")
            .When(header.Count != template.HeaderParameterCount, $"{field}.headerParameters",
                $"The template's header needs {template.HeaderParameterCount} value{(template.HeaderParameterCount == 1 ? "" : "s")}; {header.Count} given.");
        for (var i = 0; i < body.Count; i++)
            check.When(body[i].Length == 0, $"{field}.parameters", $"Fill in {{{{{i + 1}}}}}.")
                .MaxLength(body[i], TemplateText.MaxParameter, $"{field}.parameters", $"The value for {{{{{i + 1}}}}}");
        for (var i = 0; i < header.Count; i++)
            check.When(header[i].Length == 0, $"{field}.headerParameters", $"Fill in the header's {{{{{i + 1}}}}}.")
                .MaxLength(header[i], TemplateText.MaxHeader, $"{field}.headerParameters", "The header value");
        check.ThrowIfInvalid();
        var send = new TemplateSend(template.Name, template.Language, body, header);
        return (send, TemplateText.Rendered(template, send));
    }

    /// <summary>Fetches the account's templates from the Cloud API, following paging.next, and stores them; those Meta no longer lists are retired.</summary>
    public async Task<TemplateSyncResult> SyncAsync(long actorId, CancellationToken ct = default)
    {
        var o = channels.Options.WhatsApp;
        if (string.IsNullOrWhiteSpace(o.BusinessAccountId) || string.IsNullOrWhiteSpace(o.AccessToken))
            throw Problem.Conflict(
                "Set the WhatsApp Business Account ID and the access token under Channels › WhatsApp first; templates are synced from that account.");
        var fetched = await WhatsAppTemplateSync.FetchAsync(http.CreateClient(ChannelOutbox.HttpClientName), o, ct);
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            int added = 0, updated = 0;
            foreach (var t in fetched.Templates)
            {
                var existing = await c.ExecuteScalarAsync<long?>("SELECT id FROM whatsapp_templates WHERE name = @Name AND language = @Language", t, tx);
                var buttons = JsonSerializer.Serialize(t.Buttons, Json);
                var args = new { t.Name, t.Language, t.Category, t.Body, t.HeaderText, Buttons = buttons, t.Status, now, existing };
                if (existing is null)
                {
                    await c.ExecuteAsync("""
                        INSERT INTO whatsapp_templates (name, language, category, body, header_text, buttons, status, source, enabled, created_at, updated_at)
                        VALUES (@Name, @Language, @Category, @Body, @HeaderText, @Buttons, @Status, 'sync', 1, @now, @now)
                        """, args, tx);
                    added++;
                }
                else
                {
                    await c.ExecuteAsync("""
                        UPDATE whatsapp_templates SET category = @Category, body = @Body, header_text = @HeaderText, buttons = @Buttons, status = @Status,
                            source = 'sync', enabled = 1, updated_at = @now WHERE id = @existing
                        """, args, tx);
                    updated++;
                }
            }
            var keep = fetched.Templates.Select(t => t.Name + "\n" + t.Language).ToHashSet();
            var gone = (await c.QueryAsync<(long Id, string Name, string Language)>(
                "SELECT id, name, language FROM whatsapp_templates WHERE source = 'sync' AND enabled = 1", transaction: tx))
                .Where(r => !keep.Contains(r.Name + "\n" + r.Language)).ToList();
            foreach (var r in gone)
                await c.ExecuteAsync("UPDATE whatsapp_templates SET enabled = 0, updated_at = @now WHERE id = @Id", new { r.Id, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "whatsapp_template", 0, "synced",
                $"WhatsApp templates synced: {added} added, {updated} updated, {gone.Count} retired, {fetched.Skipped} skipped", now);
            return new TemplateSyncResult(added, updated, gone.Count, fetched.Skipped, await ListAsync(c, tx, usableOnly: false));
        }, ct);
    }

    private static async Task<WhatsAppTemplateDto> LoadAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await c.QuerySingleOrDefaultAsync<TemplateRow>($"SELECT {Columns} FROM whatsapp_templates WHERE id = @id", new { id }, tx))?.Dto()
        ?? throw Problem.NotFound($"There is no WhatsApp template {id}.");

    private sealed record Input(string Name, string Language, string Category, string Body, string? HeaderText, string Buttons, int Enabled);

    private static Input Check(SaveWhatsAppTemplate r)
    {
        var name = r.Name?.Trim() ?? "";
        var language = r.Language?.Trim() ?? "";
        var category = r.Category?.Trim().ToUpperInvariant() ?? "";
        var body = r.Body?.Trim() ?? "";
        var header = string.IsNullOrWhiteSpace(r.HeaderText) ? null : r.HeaderText.Trim();
        var check = new Validation()
            .Required(name, "name", "Give the template's name as approved by Meta (lower case, digits and _).")
            .When(name.Length > 0 && !TemplateText.NamePattern().IsMatch(name), "name",
                "A template name has only lower-case letters, digits and _ (as Meta shows it).")
            .Required(language, "language", "Give the language the template was approved in (for example en_US).")
            .When(language.Length > 0 && !TemplateText.LanguagePattern().IsMatch(language), "language", "A language code looks like en, en_US or pt_BR.")
            .When(!TemplateText.Categories.Contains(category), "category", "Choose the category: MARKETING, UTILITY or AUTHENTICATION.")
            .Required(body, "body", "Give the template's text.")
            .MaxLength(body, TemplateText.MaxBody, "body", "The text")
            .MaxLength(header, TemplateText.MaxHeader, "headerText", "The header")
            .When(TemplateText.Count(header) > 1, "headerText", "A header has at most one placeholder, {{1}}.");
        var buttons = r.Buttons ?? [];
        check.When(buttons.Count > TemplateText.MaxButtons, "buttons", $"A template has at most {TemplateText.MaxButtons} buttons.");
        foreach (var b in buttons)
        {
            var type = b.Type?.Trim().ToUpperInvariant() ?? "";
            check.When(!TemplateText.ButtonTypes.Contains(type), "buttons", "A button is QUICK_REPLY, URL or PHONE_NUMBER.")
                .Required(b.Text, "buttons", "Give each button its text.")
                .MaxLength(b.Text?.Trim(), TemplateText.MaxButtonText, "buttons", "A button's text")
                .When(type == "URL" && !Uri.TryCreate(b.Url, UriKind.Absolute, out _), "buttons", "A URL button needs its web address (https://...).")
                .When(type == "PHONE_NUMBER" && string.IsNullOrWhiteSpace(b.PhoneNumber), "buttons", "A phone button needs its phone number.");
        }
        check.ThrowIfInvalid();
        var json = JsonSerializer.Serialize(buttons.Select(b => new TemplateButtonDto(b.Type!.Trim().ToUpperInvariant(), b.Text!.Trim(),
            string.IsNullOrWhiteSpace(b.Url) ? null : b.Url.Trim(), string.IsNullOrWhiteSpace(b.PhoneNumber) ? null : b.PhoneNumber.Trim())), Json);
        return new Input(name, language, category, body, header, json, r.Enabled == false ? 0 : 1);
    }

    private sealed class TemplateRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Language { get; set; } = "";
        public string Category { get; set; } = "";
        public string Body { get; set; } = "";
        public string? HeaderText { get; set; }
        public string Buttons { get; set; } = "[]";
        public string Status { get; set; } = "";
        public string Source { get; set; } = "";
        public bool Enabled { get; set; }
        public long UpdatedAt { get; set; }

        public WhatsAppTemplateDto Dto() => new(Id, Name, Language, Category, Body, HeaderText,
            JsonSerializer.Deserialize<List<TemplateButtonDto>>(Buttons, Json) ?? [], Status, Source, Enabled,
            TemplateText.Count(Body), TemplateText.Count(HeaderText), UpdatedAt);
    }
}
