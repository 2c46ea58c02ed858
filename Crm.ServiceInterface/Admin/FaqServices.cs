using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Admin;

/// <summary>FAQ answers agents insert into chats: title, text, tags, queues; create, edit, reorder, retire, all audited.</summary>
public sealed class FaqServices(CrmDb db, TimeProvider time)
{
    public const int TitleMax = 200;
    public const int TextMax = 2000;
    public const int TagMax = 40;
    public const int TagsMax = 10;
    private const string Label = "FAQ answer";

    public async Task<IReadOnlyList<AdminFaqDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadAsync(c, null, null);
    }

    public async Task<AdminFaqDto> CreateAsync(SaveFaqAnswer request, long actorId, CancellationToken ct = default)
    {
        var answer = await CheckAsync(request, ct);
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO faq_answers (question, answer, tags, active, position)
                VALUES (@Title, @Text, @tags, 1, (SELECT COALESCE(MAX(position), 0) + 1 FROM faq_answers)) RETURNING id
                """, new { answer.Title, answer.Text, tags = TagText(answer.Tags) }, tx);
            await SetQueuesAsync(c, tx, id, answer.QueueIds);
            await AuditLog.WriteAsync(c, tx, actorId, "faq_answer", id, "created", answer.Title, time.NowMs());
            return await ReadOneAsync(c, tx, id);
        }, ct);
    }

    public async Task<AdminFaqDto> UpdateAsync(long id, SaveFaqAnswer request, long actorId, CancellationToken ct = default)
    {
        var answer = await CheckAsync(request, ct);
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var before = await ReadOneAsync(c, tx, id);
            await c.ExecuteAsync("UPDATE faq_answers SET question = @Title, answer = @Text, tags = @tags WHERE id = @id",
                new { id, answer.Title, answer.Text, tags = TagText(answer.Tags) }, tx);
            await SetQueuesAsync(c, tx, id, answer.QueueIds);
            await AuditLog.WriteAsync(c, tx, actorId, "faq_answer", id, "updated",
                before.Title == answer.Title ? answer.Title : $"{before.Title} -> {answer.Title}", time.NowMs());
            return await ReadOneAsync(c, tx, id);
        }, ct);
    }

    public Task<AdminFaqDto> RetireAsync(long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var answer = await ReadOneAsync(c, tx, id);
            if (answer.Retired) return answer;
            await c.ExecuteAsync("UPDATE faq_answers SET active = 0 WHERE id = @id", new { id }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "faq_answer", id, "retired", answer.Title, time.NowMs());
            return await ReadOneAsync(c, tx, id);
        }, ct);

    public async Task<IReadOnlyList<AdminFaqDto>> ReorderAsync(ReorderCatalog request, long actorId, CancellationToken ct = default)
    {
        var ids = await CatalogServices.OrderAsync(db, "faq_answers", request.Ids, Label, ct);
        return await db.InTransactionAsync(async (c, tx) =>
        {
            for (var i = 0; i < ids.Count; i++)
                await c.ExecuteAsync("UPDATE faq_answers SET position = @position WHERE id = @id", new { id = ids[i], position = i + 1 }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "faq_answer", 0, "reordered", string.Join(", ", ids), time.NowMs());
            return await ReadAsync(c, tx, null);
        }, ct);
    }

    /// <summary>What the desktop's FAQ panel searches: active answers whose title, text or tags contain <paramref name="q"/>.</summary>
    public async Task<IReadOnlyList<FaqAnswerDto>> SearchAsync(string? q, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var like = string.IsNullOrWhiteSpace(q) ? null : SqlLike.Contains(q.Trim());
        var rows = await c.QueryAsync<(long Id, string Title, string Text, string Tags)>("""
            SELECT id, question, answer, tags FROM faq_answers
            WHERE active = 1 AND (@like IS NULL OR lower(question) LIKE @like ESCAPE '\' OR lower(answer) LIKE @like ESCAPE '\'
                OR lower(tags) LIKE @like ESCAPE '\')
            ORDER BY position, id
            """, new { like });
        var queues = (await c.QueryAsync<(long FaqId, string Name)>(
            "SELECT fq.faq_id, q.name FROM faq_answer_queues fq JOIN queues q ON q.id = fq.queue_id ORDER BY q.name")).ToLookup(q => q.FaqId, q => q.Name);
        return rows.Select(r => new FaqAnswerDto(r.Id, r.Title, r.Text, queues[r.Id].FirstOrDefault(), Tags(r.Tags), queues[r.Id].ToList())).ToList();
    }

    private sealed record Answer(string Title, string Text, IReadOnlyList<string> Tags, IReadOnlyList<long> QueueIds);

    private async Task<Answer> CheckAsync(SaveFaqAnswer request, CancellationToken ct)
    {
        var title = request.Title?.Trim();
        var text = request.Text?.Trim();
        var tags = (request.Tags ?? []).Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var problems = new Validation()
            .Required(title, "title", "Give the answer a title agents will recognise, e.g. \"Refund policy\".")
            .MaxLength(title, TitleMax, "title", "The title")
            .Required(text, "text", "Write the answer's text: what the agent inserts into the chat.")
            .MaxLength(text, TextMax, "text", "The text")
            .When(tags.Count > TagsMax, "tags", $"An answer can have at most {TagsMax} tags (this one has {tags.Count}).");
        foreach (var tag in tags.Where(t => t.Length > TagMax))
            problems.Add("tags", $"A tag can be at most {TagMax} characters ('{tag[..20]}…' has {tag.Length}).");
        foreach (var tag in tags.Where(t => t.Contains(','))) problems.Add("tags", $"A tag cannot contain a comma ('{tag}').");
        var queueIds = (request.QueueIds ?? []).Distinct().ToList();
        await using (var c = await db.OpenAsync(ct))
            await QueueAdminServices.QueueProblemsAsync(c, problems, queueIds);
        problems.ThrowIfInvalid();
        return new Answer(title!, text!, tags, queueIds);
    }

    private static async Task SetQueuesAsync(DbConnection c, DbTransaction tx, long id, IReadOnlyList<long> queueIds)
    {
        await c.ExecuteAsync("DELETE FROM faq_answer_queues WHERE faq_id = @id", new { id }, tx);
        foreach (var queueId in queueIds)
            await c.ExecuteAsync("INSERT INTO faq_answer_queues (faq_id, queue_id) VALUES (@id, @queueId)", new { id, queueId }, tx);
    }

    // Stored as ",refund,returns," so a LIKE search finds a tag without a join.
    private static string TagText(IReadOnlyList<string> tags) => tags.Count == 0 ? "" : "," + string.Join(",", tags) + ",";

    private static IReadOnlyList<string> Tags(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<AdminFaqDto> ReadOneAsync(DbConnection c, DbTransaction tx, long id) =>
        (await ReadAsync(c, tx, id)).SingleOrDefault() ?? throw Problem.NotFound($"There is no FAQ answer {id}.");

    private static async Task<IReadOnlyList<AdminFaqDto>> ReadAsync(DbConnection c, DbTransaction? tx, long? id)
    {
        var rows = await c.QueryAsync<(long Id, string Title, string Text, string Tags, int Position, bool Active)>("""
            SELECT id, question, answer, tags, position, active FROM faq_answers WHERE @id IS NULL OR id = @id ORDER BY active DESC, position, id
            """, new { id }, tx);
        var queues = (await c.QueryAsync<(long FaqId, long QueueId)>(
            "SELECT faq_id, queue_id FROM faq_answer_queues WHERE @id IS NULL OR faq_id = @id", new { id }, tx)).ToLookup(q => q.FaqId, q => q.QueueId);
        return rows.Select(r => new AdminFaqDto(r.Id, r.Title, r.Text, Tags(r.Tags), queues[r.Id].Order().ToList(), r.Position, !r.Active)).ToList();
    }
}
