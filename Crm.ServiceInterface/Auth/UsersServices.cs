using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.Identity;

namespace Crm.ServiceInterface.Auth;

/// <summary>What admins do with users and their API keys.</summary>
public sealed class UsersServices(CrmDb db, TimeProvider time, IPasswordHasher<UserAccount> hasher)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var users = await connection.QueryAsync<(long Id, string UserName, string DisplayName, string? Email, long? LockedUntil)>(
            "SELECT id, user_name, display_name, email, locked_until FROM users ORDER BY user_name");
        var roles = (await connection.QueryAsync<(long UserId, string Role)>("SELECT user_id, role FROM user_roles ORDER BY role"))
            .ToLookup(r => r.UserId, r => r.Role);
        var now = time.NowMs();
        return users.Select(u => new UserDto(u.Id, u.UserName, u.DisplayName, u.Email, roles[u.Id].ToList(), u.LockedUntil > now ? u.LockedUntil : null)).ToList();
    }

    public async Task<UserDto> CreateAsync(CreateUser request, long? actorId, CancellationToken ct = default)
    {
        // Every unknown role in one message, not one per submit.
        var unknown = request.Roles.Where(name => Roles.Canonical(name) is null).Distinct(StringComparer.OrdinalIgnoreCase).Select(n => $"'{n}'").ToList();
        if (unknown.Count > 0)
            throw Problem.Invalid("roles",
                $"{string.Join(", ", unknown)} {(unknown.Count == 1 ? "is not a role" : "are not roles")}; the roles are {string.Join(", ", Roles.All)}.");
        var roles = request.Roles.Select(name => Roles.Canonical(name)!).Distinct().ToList();

        var now = time.NowMs();
        var hash = hasher.HashPassword(new UserAccount(), request.Password);
        var id = await db.InTransactionAsync(async (connection, tx) =>
        {
            var id = await connection.QuerySingleOrDefaultAsync<long?>("""
                INSERT INTO users (user_name, normalized_name, display_name, email, password_hash, created_at)
                VALUES (@UserName, @normalized, @DisplayName, @Email, @hash, @now)
                ON CONFLICT (normalized_name) DO NOTHING
                RETURNING id
                """, new { request.UserName, normalized = AuthServices.Normalize(request.UserName), DisplayName = request.DisplayName.Trim(), request.Email, hash, now }, tx)
                ?? throw Problem.Conflict($"The user name '{request.UserName}' is taken.");
            foreach (var role in roles)
                await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, tx);
            await AuditLog.WriteAsync(connection, tx, actorId, "user", id, "created", $"{request.UserName} ({string.Join(", ", roles)})", now);
            return id;
        }, ct);
        return new UserDto(id, request.UserName, request.DisplayName.Trim(), request.Email, roles, null);
    }

    public async Task<ApiKeyCreated> CreateApiKeyAsync(long userId, CreateApiKey request, long? actorId, CancellationToken ct = default)
    {
        var (key, prefix) = ApiKeyFormat.Generate();
        var now = time.NowMs();
        var id = await db.InTransactionAsync(async (connection, tx) =>
        {
            await EnsureUserAsync(connection, tx, userId);
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO api_keys (user_id, name, prefix, key_hash, created_at) VALUES (@userId, @Name, @prefix, @hash, @now) RETURNING id",
                new { userId, request.Name, prefix, hash = ApiKeyFormat.Hash(key), now }, tx);
            await AuditLog.WriteAsync(connection, tx, actorId, "api_key", id, "created", $"{request.Name} for user {userId}", now);
            return id;
        }, ct);
        return new ApiKeyCreated(id, request.Name, prefix, key, now);
    }

    public async Task<IReadOnlyList<ApiKeyDto>> ListApiKeysAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await EnsureUserAsync(connection, null, userId);
        return (await connection.QueryAsync<ApiKeyDto>(
            "SELECT id, name, prefix, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys WHERE user_id = @userId ORDER BY id",
            new { userId })).ToList();
    }

    public Task RevokeApiKeyAsync(long keyId, long? actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (connection, tx) =>
        {
            var now = time.NowMs();
            var found = await connection.ExecuteScalarAsync<long?>(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @keyId RETURNING id", new { keyId, now }, tx);
            if (found is null) throw Problem.NotFound($"There is no API key {keyId}.");
            await AuditLog.WriteAsync(connection, tx, actorId, "api_key", keyId, "revoked", null, now);
        }, ct);

    private static async Task EnsureUserAsync(DbConnection connection, DbTransaction? tx, long userId)
    {
        if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE id = @userId", new { userId }, tx) is null)
            throw Problem.NotFound($"There is no user {userId}.");
    }
}
