using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ServiceDefaults.Persistence;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Payments";

    public static string GetPaymentsConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException($"ConnectionStrings__{ConnectionStringName} is not configured");

    /// <summary>
    /// The service's one DbContext on Npgsql, and one NpgsqlDataSource for the code that talks to
    /// PostgreSQL directly (binary COPY, advisory locks). Schema and tables come from SQL migrations.
    /// </summary>
    public static WebApplicationBuilder AddServiceDb<TDb>(this WebApplicationBuilder builder) where TDb : DbContext
    {
        var connectionString = builder.Configuration.GetPaymentsConnectionString();
        var sources = new NpgsqlDataSourceBuilder(connectionString) { Name = builder.Environment.ApplicationName };
        // A pooled connection is handed back as it is, not reset by a statement of its own (a transaction PostgreSQL
        // counts and runs before the next query, as many as the queries outside a transaction). Nothing here leaves
        // session state behind: advisory locks are released in finally blocks, LISTEN has its own connection string,
        // settings are transaction-local (ADR 0064).
        sources.ConnectionStringBuilder.NoResetOnClose = true;
        PrepareRepeatedStatements(sources.ConnectionStringBuilder, connectionString);
        var dataSource = sources.EnableDynamicJson().Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<Messaging.OutboxSignal>();
        builder.Services.AddDbContext<TDb>((sp, o) => o
            .UseNpgsql(dataSource)
            .AddInterceptors(new Messaging.OutboxSignalInterceptor(sp.GetRequiredService<Messaging.OutboxSignal>())));
        builder.Services.AddScoped<DbContext>(sp => sp.GetRequiredService<TDb>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "postgres", sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy, [HostingExtensions.ReadyTag], TimeSpan.FromSeconds(3)));
        return builder;
    }

    // Npgsql prepares the statements a connection sees repeatedly, so PostgreSQL parses, analyses and plans each of them
    // once per connection rather than on every call: a consumer's inbox, outbox and update statements are the same few
    // shapes for every message (ADR 0103). A Max Auto Prepare in the connection string wins, 0 included (turned off).
    private static void PrepareRepeatedStatements(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return;
        settings.MaxAutoPrepare = 64;
        settings.AutoPrepareMinUsages = 2;
    }

    /// <summary>True when the save failed on a unique constraint (optionally a named one): "already done".</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? constraint = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
        && (constraint is null || pg.ConstraintName == constraint);
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable", e);
        }
    }
}
