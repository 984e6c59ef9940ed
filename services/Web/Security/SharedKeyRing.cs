using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Web.Security;

// One Data Protection key ring for every replica of the Web app, in PostgreSQL (schema web ), so that a cookie or
// antiforgery token protected by one replica is read by any other (docs/decisions/0081-web-shared-key-ring.md).
// Without a connection string (a single process, as in the browser tests) the keys stay with the process.
internal static class SharedKeyRing
{
    public const string Schema = "web";

    public static WebApplicationBuilder AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        // The same name on every replica: by default the discriminator is the content root, which may differ.
        builder.Services.AddDataProtection().SetApplicationName("payments-web");
        var connectionString = builder.Configuration.GetConnectionString("Payments");
        if (string.IsNullOrEmpty(connectionString)) return builder;
        var database = NpgsqlDataSource.Create(connectionString);
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresKeyRepository(database));
        return builder;
    }
}

// The key ring's rows (Migrations/0001_data_protection_keys.sql): plain Npgsql rather than the framework's EF Core
// store, so that the Web app, which has no other use for a DbContext, does not load and compile EF Core for it. The
// framework calls it rarely (at start, on its periodic refresh, when it makes a key) and synchronously.
internal sealed class PostgresKeyRepository(NpgsqlDataSource database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = database.CreateCommand($"SELECT xml FROM {SharedKeyRing.Schema}.data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = database.CreateCommand(
            $"INSERT INTO {SharedKeyRing.Schema}.data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
