namespace DebtPositions.GpdMassive;

internal static class MassiveSetup
{
    // GPD's massive file API: its job (UPDATE and DELETE files); CREATE files run on the bulk import's own job.
    public static WebApplicationBuilder AddGpdMassive(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<MassiveJob>();
        return builder;
    }
}
