namespace Crm.ServiceInterface.Data;

/// <summary>Who changed what, when. Written in the same transaction as the change it records.</summary>
public static class AuditLog
{
    public static Task WriteAsync(DbConnection connection, DbTransaction tx, long? userId, string entity, long entityId,
        string action, string? detail, long at) =>
        connection.ExecuteAsync(
            "INSERT INTO audit_log (user_id, entity, entity_id, action, detail, created_at) VALUES (@userId, @entity, @entityId, @action, @detail, @at)",
            new { userId, entity, entityId, action, detail, at }, tx);
}
