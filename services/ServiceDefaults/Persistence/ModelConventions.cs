using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ServiceDefaults.Persistence;

/// <summary>
/// The model conventions of every service. Call last in OnModelCreating:
/// - every table, column, key and index in snake_case, so the EF model matches the hand-written SQL
///   migrations (docs/decisions/0003-sql-migrations.md);
/// - every DateTimeOffset stored as UTC (timestamptz holds instants; Npgsql refuses other offsets).
/// </summary>
public static class ModelConventions
{
    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset> ToUtc =
        new(v => v.ToUniversalTime(), v => v);

    public static ModelBuilder ApplyHouseConventions(this ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
                property.SetValueConverter(ToUtc);
        }
        return modelBuilder.UseSnakeCaseNames();
    }

    private static ModelBuilder UseSnakeCaseNames(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && !entity.IsOwned()) entity.SetTableName(ToSnakeCase(table));
            foreach (var property in entity.GetProperties())
            {
                var store = StoreObjectIdentifier.Create(entity, StoreObjectType.Table);
                var column = store is { } s ? property.GetColumnName(s) : property.GetColumnName();
                if (column is not null) property.SetColumnName(ToSnakeCase(column));
            }
            foreach (var key in entity.GetKeys()) key.SetName(ToSnakeCase(key.GetName() ?? ""));
            foreach (var fk in entity.GetForeignKeys()) fk.SetConstraintName(ToSnakeCase(fk.GetConstraintName() ?? ""));
            foreach (var index in entity.GetIndexes()) index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName() ?? ""));
        }
        return modelBuilder;
    }

    public static string ToSnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (previousIsLowerOrDigit || nextIsLower) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else text.Append(c);
        }
        return text.ToString();
    }
}
