using Gateway.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using ServiceDefaults.Security;

namespace Gateway.Audit;

// Every write that the gateway forwarded (any method but GET, HEAD and OPTIONS under `/api`), with its outcome: who
// (client and credential), for which organisation, what (method and path, never the body or the query, which may hold
// personal data), when, from where and the correlation id. Written after the answer, in the request, so an entry
// exists for every write the caller saw answered.
internal static class AuditLog
{
    public static IReverseProxyApplicationBuilder UseAuditLog(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            var request = context.Request;
            if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                || HttpMethods.IsOptions(request.Method) || context.User.ClientId() is not { } client) return;
            var dataSource = context.RequestServices.GetRequiredService<NpgsqlDataSource>();
            var time = context.RequestServices.GetRequiredService<TimeProvider>();
            await using var insert = dataSource.CreateCommand("""
                INSERT INTO gateway.audit_log (at, client_id, credential, organization, method, path, status, remote_address, correlation_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """);
            insert.Parameters.AddWithValue(time.GetUtcNow());
            insert.Parameters.AddWithValue(client);
            insert.Parameters.AddWithValue(context.User.FindFirst(ApiKeyAuthentication.CredentialClaim)?.Value ?? "");
            insert.Parameters.AddWithValue((object?)OrganizationIn(request.Path) ?? DBNull.Value);
            insert.Parameters.AddWithValue(request.Method);
            insert.Parameters.AddWithValue(Truncated(request.Path.Value ?? "", 500));
            insert.Parameters.AddWithValue(context.Response.StatusCode);
            insert.Parameters.AddWithValue((object?)context.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value);
            insert.Parameters.AddWithValue(context.Response.Headers["X-Correlation-Id"].FirstOrDefault() is { } correlation
                ? Truncated(correlation, 100) : DBNull.Value);
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        });
        return proxy;
    }

    // The organisation a path acts for: the segment after `organizations/`.
    public static string? OrganizationIn(PathString path)
    {
        var segments = (path.Value ?? "").Split('/');
        var at = Array.IndexOf(segments, "organizations");
        return at >= 0 && at + 1 < segments.Length && ApiKeySecret.IsOrganization(segments[at + 1]) ? segments[at + 1] : null;
    }

    private static string Truncated(string text, int length) => text.Length <= length ? text : text[..length];

    public sealed record Entry(DateTimeOffset At, string ClientId, string Credential, string? Organization, string Method, string Path,
        int Status, string? RemoteAddress, string? CorrelationId);

    // `GET /api/audit/organizations/{ec}/entries?from=&to=&limit=`: newest first, admin role on that organisation.
    public static WebApplication MapAuditApi(this WebApplication app)
    {
        app.MapGet("/api/audit/organizations/{organizationFiscalCode}/entries", Entries).WithTags("Audit").RequireAdmin();
        return app;
    }

    private static async Task<Results<Ok<List<Entry>>, ValidationProblem>> Entries(
        string organizationFiscalCode, DateTimeOffset? from, DateTimeOffset? to, int? limit, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000"] });
        await using var query = dataSource.CreateCommand("""
            SELECT at, client_id, credential, organization, method, path, status, remote_address, correlation_id
            FROM gateway.audit_log
            WHERE organization = $1 AND at >= $2 AND at < $3
            ORDER BY at DESC, id DESC LIMIT $4
            """);
        query.Parameters.AddWithValue(organizationFiscalCode);
        query.Parameters.AddWithValue(from ?? DateTimeOffset.UnixEpoch);
        query.Parameters.AddWithValue(to ?? new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        query.Parameters.AddWithValue(limit ?? 100);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var entries = new List<Entry>();
        while (await reader.ReadAsync(ct))
            entries.Add(new Entry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        return TypedResults.Ok(entries);
    }
}
