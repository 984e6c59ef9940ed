using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Gateway;

// Who may call the station (`/pagopa/…`): only the pagoPA Node, recognised by its client certificate
// (docs/operations.md, "The station's client authentication"). The route asks for PolicyName; REST callers never
// satisfy it, and the Node never gets a REST role.
internal static class StationAccess
{
    public const string SchemeName = "Station";
    public const string PolicyName = "Station";

    // The same values as ServiceDefaults.Security.Caller's constants, which this branch's base lacks.
    public const string ClientClaim = ServiceDefaults.Security.Caller.ClientClaim;
    public const string RoleClaim = ServiceDefaults.Security.Caller.RoleClaim;
    public const string NodeRole = ServiceDefaults.Security.Caller.NodeRole;

    public static WebApplicationBuilder AddStationAccess(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(StationAccessOptions.Section);
        builder.Services.AddAuthentication()
            .AddScheme<StationAccessOptions, StationAccessHandler>(SchemeName, o => section.Bind(o));
        builder.Services.AddOptions<StationAccessOptions>(SchemeName).PostConfigure(o => o.Load()).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StationAccessOptions>, StationAccessStartup.Validation>();
        builder.Services.AddHostedService<StationAccessStartup>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(SchemeName)
            .RequireClaim(RoleClaim, NodeRole));
        ConfigureHttps(builder, section);
        return builder;
    }

    private static void ConfigureHttps(WebApplicationBuilder builder, IConfigurationSection section)
    {
        var mutualTls = section.GetValue(nameof(StationAccessOptions.Mode), StationAuthenticationMode.MutualTls) == StationAuthenticationMode.MutualTls;
        var certificateFile = section[nameof(StationAccessOptions.CertificateFile)];
        var keyFile = section[nameof(StationAccessOptions.CertificateKeyFile)];
        if (!mutualTls && string.IsNullOrEmpty(certificateFile)) return;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            if (!string.IsNullOrEmpty(certificateFile))
                https.ServerCertificate = X509Certificate2.CreateFromPemFile(certificateFile, string.IsNullOrEmpty(keyFile) ? null : keyFile);
            if (!mutualTls) return;
            // Asked for, not required: REST callers share the port and present none. Accepted as presented:
            // the handler judges it against the configured CAs only (never the OS store), on the station
            // route only, and a refusal there is a logged 401 rather than an anonymous handshake failure.
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
            https.CheckCertificateRevocation = false;
        }));
    }
}
