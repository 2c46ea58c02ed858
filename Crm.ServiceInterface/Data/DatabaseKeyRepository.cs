using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Crm.ServiceInterface.Data;

/// <summary>
/// Data Protection's key ring in the database, for PostgreSQL: every node signs cookies and encrypts channel secrets with the
/// same keys, so a desktop moved to another node stays signed in and a secret saved on one node reads on all.
/// </summary>
public sealed class DatabaseKeyRepository(CrmDbOptions options) : IXmlRepository
{
    private readonly SqlDialect dialect = SqlDialect.For(options.Provider);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name").Select(XElement.Parse).ToList();
    }

    // Outside the write queue on purpose: the key ring is read while a request is being signed in, and is written once in months.
    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = Open();
        connection.Execute("INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@friendlyName, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }

    private DbConnection Open() => dialect.OpenAsync(options.ConnectionString, CancellationToken.None).GetAwaiter().GetResult();
}
