using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bogus;
using Crm.ServiceInterface.Auth;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Seed;

public sealed class SeedOptions
{
    public bool Demo { get; set; }
    public string? Password { get; set; }
    public int Customers { get; set; } = 2000;
}

/// <summary>Fills an empty database: the demo contact center, or only an admin when demo data is off.</summary>
public sealed class DemoSeeder(CrmDb db, TimeProvider time, IPasswordHasher<UserAccount> hasher, SeedOptions options, ILogger<DemoSeeder> logger)
{
    private const int FixedSeed = 20261121;
    // E.164 prefixes with the digits left to fill: US, GB, ES and MX numbers as customers really write from.
    private static readonly (string Prefix, int Digits)[] PhoneRegions = [("+1415555", 4), ("+1212555", 4), ("+44207946", 4), ("+349155", 5), ("+525512", 6)];

    public async Task SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await db.InTransactionAsync(async (connection, tx) =>
        {
            // Any row anywhere means someone's data: never seed over it.
            if (await connection.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM customers)", transaction: tx) > 0)
                return;

            var password = options.Password is { Length: > 0 } configured ? configured : GeneratePassword();
            var faker = new Faker("en") { Random = new Randomizer(FixedSeed) };
            var now = time.NowMs();
            var seeder = new Run(connection, tx, faker, now, hasher.HashPassword(new UserAccount(), password));

            await seeder.UserAsync("admin", "Administrator", [Roles.Admin]);
            if (options.Demo)
                await seeder.DemoAsync(options.Customers);

            if (options.Password is not { Length: > 0 })
                logger.LogWarning("Seeded the first users. Their password, shown only this once: {Password}", password);
            logger.LogInformation("Seeded {What}.", options.Demo ? "the demo contact center" : "the admin user");
        }, ct);
    }

    private static string GeneratePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y');

    /// <summary>One seeding pass over one transaction.</summary>
    private sealed class Run(DbConnection connection, DbTransaction tx, Faker faker, long now, string passwordHash)
    {
        private const long Day = 86_400_000;
        private readonly Dictionary<string, long> users = [];

        public async Task<long> UserAsync(string userName, string displayName, string[] roles)
        {
            var id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO users (user_name, normalized_name, display_name, email, password_hash, created_at)
                VALUES (@userName, @normalized, @displayName, @email, @passwordHash, @now) RETURNING id
                """, new { userName, normalized = userName.ToUpperInvariant(), displayName, email = $"{userName}@crmsuite.example", passwordHash, now }, tx);
            foreach (var role in roles)
                await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, tx);
            users[userName] = id;
            return id;
        }

        public async Task DemoAsync(int customerCount)
        {
            await UserAsync("supervisor", faker.Name.FullName(), [Roles.Supervisor]);
            await UserAsync("backoffice", faker.Name.FullName(), [Roles.BackOffice]);
            foreach (var agent in SeedCatalog.Agents)
                await UserAsync(agent.UserName, faker.Name.FullName(), [Roles.Agent]);

            var skills = await InsertNamedAsync("skills", SeedCatalog.Skills);
            var queues = await QueuesAsync(skills);
            await AgentsAsync(skills, queues);
            var reasons = await InsertNamedAsync("wrapup_reasons", SeedCatalog.WrapUpReasons);
            var codes = new Dictionary<string, long>();
            foreach (var (code, name) in SeedCatalog.TransactionCodes)
                codes[code] = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO transaction_codes (code, name) VALUES (@code, @name) RETURNING id", new { code, name }, tx);
            foreach (var (queue, question, answer) in SeedCatalog.Faq)
            {
                var faqId = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO faq_answers (question, answer, queue_id) VALUES (@question, @answer, @queueId) RETURNING id",
                    new { question, answer, queueId = queues[queue] }, tx);
                await connection.ExecuteAsync("INSERT INTO faq_answer_queues (faq_id, queue_id) VALUES (@faqId, @queueId)",
                    new { faqId, queueId = queues[queue] }, tx);
            }
            for (var i = 0; i < SeedCatalog.CustomFields.Length; i++)
            {
                var f = SeedCatalog.CustomFields[i];
                await connection.ExecuteAsync(
                    "INSERT INTO custom_field_definitions (field_key, label, field_type, options, sort_order) VALUES (@Key, @Label, @Type, @options, @i)",
                    new { f.Key, f.Label, f.Type, options = JsonSerializer.Serialize(f.Options), i }, tx);
            }

            var customers = new List<long>(customerCount);
            for (var i = 0; i < customerCount; i++)
                customers.Add(await CustomerAsync(i));
            await CasesAsync(customers, new Wrapups(queues, reasons, codes));
        }

        private async Task<Dictionary<string, long>> InsertNamedAsync(string table, IEnumerable<string> names)
        {
            var ids = new Dictionary<string, long>();
            foreach (var name in names)
                ids[name] = await connection.ExecuteScalarAsync<long>($"INSERT INTO {table} (name) VALUES (@name) RETURNING id", new { name }, tx);
            return ids;
        }

        private async Task<Dictionary<string, long>> QueuesAsync(Dictionary<string, long> skills)
        {
            var ids = new Dictionary<string, long>();
            foreach (var (name, queueSkills, mandatory) in SeedCatalog.Queues)
            {
                var id = ids[name] = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO queues (name, transaction_codes_mandatory) VALUES (@name, @mandatory) RETURNING id", new { name, mandatory }, tx);
                foreach (var skill in queueSkills)
                    await connection.ExecuteAsync("INSERT INTO queue_skills (queue_id, skill_id) VALUES (@id, @skillId)",
                        new { id, skillId = skills[skill] }, tx);
            }
            return ids;
        }

        private async Task AgentsAsync(Dictionary<string, long> skills, Dictionary<string, long> queues)
        {
            foreach (var (userName, agentQueues, agentSkills, capacity, canReject) in SeedCatalog.Agents)
            {
                var userId = users[userName];
                await connection.ExecuteAsync("INSERT INTO agent_profiles (user_id, capacity, can_reject) VALUES (@userId, @capacity, @canReject)",
                    new { userId, capacity, canReject }, tx);
                foreach (var queue in agentQueues)
                    await connection.ExecuteAsync("INSERT INTO queue_members (queue_id, user_id) VALUES (@queueId, @userId)",
                        new { queueId = queues[queue], userId }, tx);
                foreach (var skill in agentSkills)
                    await connection.ExecuteAsync("INSERT INTO agent_skills (user_id, skill_id, level) VALUES (@userId, @skillId, @level)",
                        new { userId, skillId = skills[skill], level = faker.Random.Int(3, 10) }, tx);
            }
        }

        private Task<long> CustomerAsync(int index)
        {
            var person = new Person("en", faker.Random.Int());
            var name = $"{person.FirstName} {person.LastName}";
            // The index makes every generated address unique, as the identity index demands.
            var (prefix, digits) = faker.PickRandom(PhoneRegions);
            var phone = prefix + index.ToString($"D{digits}");
            var identities = new List<IdentityRow> { new("phone", phone) };
            if (faker.Random.Bool(0.85f))
                identities.Add(new("email", $"{person.FirstName}.{person.LastName}{index}@{faker.Internet.DomainName()}".ToLowerInvariant()));
            if (faker.Random.Bool(0.35f)) identities.Add(new("messenger", (24_000_000_000_000_000L + index * 7919L).ToString()));
            if (faker.Random.Bool(0.2f)) identities.Add(new("x", (1_400_000_000L + index * 104_729L).ToString(), "@" + Handle(person, index)));
            if (faker.Random.Bool(0.1f)) identities.Add(new("webchat", $"v-{faker.Random.Hexadecimal(12, "")}-{index}"));

            var fields = new Dictionary<string, string>
            {
                ["account_number"] = $"AC-{100_000 + index}",
                ["tier"] = faker.PickRandom("Bronze", "Silver", "Gold", "Platinum"),
                ["customer_since"] = faker.Date.Past(8, DateTime.UtcNow).ToString("yyyy-MM-dd"),
                ["lifetime_value"] = Math.Round(faker.Random.Decimal(0, 25_000), 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (faker.Random.Bool(0.1f)) fields["website"] = $"https://{faker.Internet.DomainName()}";
            var notes = faker.Random.Bool(0.3f) ? faker.Lorem.Sentence() : null;
            return CustomerRows.InsertAsync(connection, tx, name, notes, JsonSerializer.Serialize(fields), identities, now - faker.Random.Long(30, 900) * Day);
        }

        private static string Handle(Person person, int index) => $"{person.FirstName}{person.LastName[..1]}{index % 1000}".ToLowerInvariant();

        /// <summary>Ids the seeded cases refer to by name: queues, wrap-up reasons and transaction codes.</summary>
        private sealed record Wrapups(Dictionary<string, long> Queues, Dictionary<string, long> Reasons, Dictionary<string, long> Codes);

        private async Task CasesAsync(List<long> customers, Wrapups ids)
        {
            var channels = new[] { "messenger", "whatsapp", "sms", "x", "webchat" };
            foreach (var customerId in faker.PickRandom(customers, customers.Count * 3 / 4))
            {
                for (var n = faker.Random.Int(1, 3); n > 0; n--)
                {
                    var created = now - faker.Random.Long(1, 180) * Day - faker.Random.Long(0, Day);
                    var exchange = faker.PickRandom(SeedCatalog.Exchanges);
                    var caseId = await CaseAsync(customerId, "Closed", created, exchange, ids, faker.PickRandom(channels));
                    // What was done fits what was asked: a password reset is never logged as a complaint with a billing adjustment.
                    await connection.ExecuteAsync("INSERT INTO case_wrapup_reasons (case_id, reason_id) VALUES (@caseId, @reasonId)",
                        new { caseId, reasonId = ids.Reasons[faker.PickRandom(exchange.Reasons)] }, tx);
                    var mandatory = SeedCatalog.Queues.Single(q => q.Name == exchange.Queue).CodesMandatory;
                    if (mandatory || faker.Random.Bool(0.6f))
                        await connection.ExecuteAsync("INSERT INTO case_transaction_codes (case_id, code_id) VALUES (@caseId, @codeId)",
                            new { caseId, codeId = ids.Codes[faker.PickRandom(exchange.Codes)] }, tx);
                }
            }
            // Transcripts saved after their chats ended: open and customer-less until back office assigns them (8x8).
            for (var i = 0; i < 6; i++)
                await CaseAsync(null, "Open", now - faker.Random.Long(1, 72) * 3_600_000, faker.PickRandom(SeedCatalog.Exchanges), ids,
                    faker.PickRandom(channels));
        }

        private async Task<long> CaseAsync(long? customerId, string status, long created, SeedExchange exchange, Wrapups ids, string channel)
        {
            var transcript = Transcript(exchange, created);
            // The agent who saved it answers the queue the chat came through.
            var agentId = users[faker.PickRandom(SeedCatalog.Agents.Where(a => a.Queues.Contains(exchange.Queue)).Select(a => a.UserName).ToArray())];
            var closed = status == "Closed" ? created + faker.Random.Long(2, 40) * 60_000 : (long?)null;
            var caseId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO cases (subject, status, priority, customer_id, queue_id, channel, transcript, created_by, created_at, updated_at, closed_at)
                VALUES (@subject, @status, @priority, @customerId, @queueId, @channel, @transcript, @agentId, @created, @updated, @closed) RETURNING id
                """, new { subject = exchange.Subject, status, priority = faker.PickRandom("Low", "Normal", "Normal", "Normal", "High"), customerId,
                    queueId = ids.Queues[exchange.Queue], channel, transcript, agentId, created, updated = closed ?? created, closed }, tx);
            const string history = "INSERT INTO case_history (case_id, user_id, action, detail, created_at) VALUES ";
            await connection.ExecuteAsync(history + "(@caseId, @agentId, 'created', 'Transcript saved to CRM', @created)",
                new { caseId, agentId, created }, tx);
            if (closed is not null)
                await connection.ExecuteAsync(history + "(@caseId, @agentId, 'closed', NULL, @closed)", new { caseId, agentId, closed }, tx);
            return caseId;
        }

        private static string Transcript(SeedExchange exchange, long started)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(started);
            return new StringBuilder()
                .AppendLine($"[{at:yyyy-MM-dd HH:mm}] Customer: {exchange.Customer}")
                .AppendLine($"[{at.AddMinutes(1):yyyy-MM-dd HH:mm}] Agent: Thanks for reaching out, let me check that for you.")
                .AppendLine($"[{at.AddMinutes(3):yyyy-MM-dd HH:mm}] Agent: {exchange.Agent}")
                .AppendLine($"[{at.AddMinutes(4):yyyy-MM-dd HH:mm}] Customer: Great, thank you!")
                .ToString();
        }
    }
}
