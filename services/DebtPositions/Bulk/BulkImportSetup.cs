namespace DebtPositions.Bulk;

internal static class BulkImportSetup
{
    // Bulk import: upload API, the job that runs imports, its limits (section "Imports").
    public static WebApplicationBuilder AddBulkImport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        builder.Services.AddScoped<ImportRun>();
        builder.Services.AddScoped<ChunkImport>();
        builder.Services.AddScoped<ChunkWriter>();
        builder.Services.AddHostedService<ImportJob>();
        return builder;
    }
}
