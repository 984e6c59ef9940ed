namespace NodeSimulator.Mail;

// `GET /simulator/mail?to=…` lists what the SMTP sink received (optionally for one recipient), oldest first.
internal static class MailApi
{
    public static WebApplicationBuilder AddMailSink(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MailBox>();
        builder.Services.AddHostedService<SmtpSink>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMailApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/simulator/mail", (string? to, MailBox box) =>
                TypedResults.Ok(box.All.Where(m => to is null || m.To.Contains(to, StringComparer.OrdinalIgnoreCase)).ToList()))
            .WithTags("Simulator: the mail server");
        return app;
    }
}
