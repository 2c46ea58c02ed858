using System.ComponentModel.DataAnnotations;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.AspNetCore.Identity;

namespace Crm.ServiceInterface.Auth;

/// <summary>What admins do with users and their API keys.</summary>
public sealed class UsersServices(CrmDb db, TimeProvider time, IPasswordHasher<UserAccount> hasher, SessionStamps stamps, RoutingStore store)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var users = await connection.QueryAsync<(long Id, string UserName, string DisplayName, string? Email, long? LockedUntil, long? DeactivatedAt)>(
            "SELECT id, user_name, display_name, email, locked_until, deactivated_at FROM users ORDER BY user_name");
        var roles = (await connection.QueryAsync<(long UserId, string Role)>("SELECT user_id, role FROM user_roles ORDER BY role"))
            .ToLookup(r => r.UserId, r => r.Role);
        var now = time.NowMs();
        return users.Select(u => new UserDto(u.Id, u.UserName, u.DisplayName, u.Email, roles[u.Id].ToList(), u.LockedUntil > now ? u.LockedUntil : null,
            u.DeactivatedAt is not null)).ToList();
    }

    private async Task<UserDto> GetAsync(long id, CancellationToken ct) =>
        (await ListAsync(ct)).SingleOrDefault(u => u.Id == id) ?? throw Problem.NotFound($"There is no user {id}.");

    /// <summary>Display name, e-mail and roles; a change of roles ends the user's sessions, so the new roles apply at once.</summary>
    public async Task<UserDto> UpdateAsync(long id, UpdateUser request, long actorId, CancellationToken ct = default)
    {
        var displayName = request.DisplayName?.Trim();
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        var given = (request.Roles ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var roles = given.Select(Roles.Canonical).OfType<string>().Order().ToList();
        var problems = new Validation()
            .Required(displayName, "displayName", "Give the user a display name: agents and customers see it.")
            .MaxLength(displayName, 100, "displayName", "The display name")
            .MaxLength(email, 200, "email", "The e-mail address")
            .When(email is not null && !new EmailAddressAttribute().IsValid(email), "email", "This e-mail address does not look right, e.g. ana@example.com.")
            .When(given.Count == 0, "roles", "Give the user at least one role.")
            .When(id == actorId && given.Count > 0 && !roles.Contains(Roles.Admin), "roles",
                "You cannot take the Admin role from yourself; another admin can.");
        foreach (var unknown in given.Where(r => Roles.Canonical(r) is null))
            problems.Add("roles", $"'{unknown}' is not a role; the roles are {string.Join(", ", Roles.All)}.");
        problems.ThrowIfInvalid();

        await db.InTransactionAsync(async (c, tx) =>
        {
            await EnsureUserAsync(c, tx, id);
            var before = (await AuthServices.RolesAsync(c, id, tx)).Order().ToList();
            var rolesChanged = !before.SequenceEqual(roles);
            await c.ExecuteAsync("UPDATE users SET display_name = @displayName, email = @email, security_stamp = security_stamp + @bump WHERE id = @id",
                new { id, displayName, email, bump = rolesChanged ? 1 : 0 }, tx);
            await c.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @id", new { id }, tx);
            foreach (var role in roles) await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "user", id, "updated",
                $"{displayName}, {email ?? "no e-mail"}, roles {string.Join(", ", before)} -> {string.Join(", ", roles)}", time.NowMs());
        }, ct);
        stamps.Forget(id);
        return await GetAsync(id, ct);
    }

    /// <summary>A new password set by an admin: the account is unlocked and every session of the user ends.</summary>
    public async Task<UserDto> ResetPasswordAsync(long id, ResetPassword request, long actorId, CancellationToken ct = default)
    {
        new Validation()
            .Required(request.Password, "password", "Give the new password.")
            .When(request.Password is { Length: > 0 and < 8 }, "password", "A password has at least 8 characters.")
            .MaxLength(request.Password, 200, "password", "The password")
            .ThrowIfInvalid();
        var hash = hasher.HashPassword(new UserAccount(), request.Password!);
        await ChangeAccountAsync(id, actorId, "password reset",
            "UPDATE users SET password_hash = @hash, failed_sign_ins = 0, locked_until = NULL, security_stamp = security_stamp + 1 WHERE id = @id",
            new { id, hash }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<UserDto> UnlockAsync(long id, long actorId, CancellationToken ct = default)
    {
        await ChangeAccountAsync(id, actorId, "unlocked", "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", new { id }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The user cannot sign in any more, their sessions and API keys stop at once; their history stays.</summary>
    public async Task<UserDto> DeactivateAsync(long id, long actorId, CancellationToken ct = default)
    {
        if (id == actorId) throw Problem.Conflict("You cannot deactivate yourself; another admin can.");
        await store.WriteAsync(async change =>
        {
            var (c, tx) = (change.Connection, change.Tx);
            await EnsureUserAsync(c, tx, id);
            if (await change.LoadAsync(id) > 0)
                throw Problem.Conflict("This agent still has chats offered or open; they finish or transfer them first.");
            var state = await c.ExecuteScalarAsync<string?>("SELECT state FROM agent_states WHERE user_id = @id", new { id }, tx);
            if (state is not null && state != AgentState.Offline)
                await change.MoveAgentAsync(id, AgentState.Offline, StateCause.Agent);
            await c.ExecuteAsync("UPDATE users SET deactivated_at = COALESCE(deactivated_at, @Now), security_stamp = security_stamp + 1 WHERE id = @id",
                new { id, change.Now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "user", id, "deactivated", null, change.Now);
        }, ct);
        stamps.Forget(id);
        return await GetAsync(id, ct);
    }

    public async Task<UserDto> ActivateAsync(long id, long actorId, CancellationToken ct = default)
    {
        await ChangeAccountAsync(id, actorId, "activated", "UPDATE users SET deactivated_at = NULL WHERE id = @id", new { id }, ct);
        return await GetAsync(id, ct);
    }

    private async Task ChangeAccountAsync(long id, long actorId, string action, string sql, object args, CancellationToken ct)
    {
        await db.InTransactionAsync(async (c, tx) =>
        {
            await EnsureUserAsync(c, tx, id);
            await c.ExecuteAsync(sql, args, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "user", id, action, null, time.NowMs());
        }, ct);
        stamps.Forget(id);
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
                """,
                new
                {
                    request.UserName,
                    normalized = AuthServices.Normalize(request.UserName),
                    DisplayName = request.DisplayName.Trim(),
                    request.Email,
                    hash,
                    now,
                }, tx)
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
