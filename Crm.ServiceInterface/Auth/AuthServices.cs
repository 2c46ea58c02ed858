using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.Identity;

namespace Crm.ServiceInterface.Auth;

/// <summary>Checks passwords, counts failures and locks accounts out.</summary>
public sealed class AuthServices(CrmDb db, TimeProvider time, IPasswordHasher<UserAccount> hasher, SignInOptions options)
{
    public const string InvalidCredentials = "Invalid user name or password.";

    // Verified against when the user does not exist, so an unknown name costs the same time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), "not a password"));

    public async Task<SignedInUser> SignInAsync(Login request, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var user = await connection.QuerySingleOrDefaultAsync<UserAccount>(
            """
            SELECT id, user_name AS UserName, display_name AS DisplayName, email, password_hash AS PasswordHash, locked_until AS LockedUntil,
                   security_stamp AS SecurityStamp, deactivated_at AS DeactivatedAt
            FROM users WHERE normalized_name = @name
            """,
            new { name = Normalize(request.UserName) });
        if (user is null)
        {
            hasher.VerifyHashedPassword(new UserAccount(), DummyHash.Value, request.Password);
            throw new ProblemException(401, "Sign-in failed", InvalidCredentials);
        }

        var now = time.NowMs();
        if (user.LockedUntil > now)
            throw new ProblemException(423, "Account locked",
                $"Too many failed sign-ins. Try again after {DateTimeOffset.FromUnixTimeMilliseconds(user.LockedUntil.Value):HH:mm} UTC.");

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // One statement, so concurrent wrong guesses cannot under-count.
            await db.InTransactionAsync((c, tx) => c.ExecuteAsync("""
                UPDATE users SET
                    locked_until    = CASE WHEN failed_sign_ins + 1 >= @max THEN @until ELSE locked_until END,
                    failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @max THEN 0 ELSE failed_sign_ins + 1 END
                WHERE id = @id
                """, new { id = user.Id, max = options.MaxFailedAttempts, until = now + (long)options.LockoutDuration.TotalMilliseconds }, tx), ct);
            throw new ProblemException(401, "Sign-in failed", InvalidCredentials);
        }

        // Said only to someone who knows the password: a deactivated account is not a wrong guess.
        if (user.DeactivatedAt is not null)
            throw new ProblemException(403, "Account deactivated", "This account is deactivated; ask an administrator to activate it again.");

        var newHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, request.Password) : null;
        await db.InTransactionAsync((c, tx) => c.ExecuteAsync(
            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, password_hash = COALESCE(@newHash, password_hash) WHERE id = @id",
            new { id = user.Id, newHash }, tx), ct);
        return new SignedInUser(user.Id, user.UserName, user.DisplayName, await RolesAsync(connection, user.Id), user.SecurityStamp);
    }

    /// <summary>The user behind an API key, or null when the key is unknown or revoked or its user deactivated.</summary>
    public async Task<SignedInUser?> AuthenticateApiKeyAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var user = await connection.QuerySingleOrDefaultAsync<UserAccount>("""
            SELECT u.id, u.user_name AS UserName, u.display_name AS DisplayName
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL AND u.deactivated_at IS NULL
            """, new { hash = ApiKeyFormat.Hash(key) });
        return user is null ? null : new SignedInUser(user.Id, user.UserName, user.DisplayName, await RolesAsync(connection, user.Id));
    }

    internal static async Task<IReadOnlyList<string>> RolesAsync(DbConnection connection, long userId, DbTransaction? tx = null) =>
        (await connection.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId ORDER BY role", new { userId }, tx)).ToList();

    internal static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}
