namespace NodeSimulator.BizEvents;

internal static class BizEventsSetup
{
    public static WebApplicationBuilder AddBizEvents(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<BizEventsOptions>(builder.Configuration.GetSection(BizEventsOptions.Section));
        builder.Services.AddSingleton<NodeReceipts>();
        builder.Services.AddSingleton<BizEventsCalls>();
        return builder;
    }
}
