using Microsoft.Extensions.Options;

namespace Gateway;

// Says at startup how station callers are authenticated, loudly when they are not.
internal sealed class StationAccessStartup(IOptionsMonitor<StationAccessOptions> options, ILogger<StationAccessStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var station = options.Get(StationAccess.SchemeName);
        if (station.Mode == StationAuthenticationMode.None)
            logger.LogWarning("The station accepts UNAUTHENTICATED callers as the pagoPA Node ({Section}:Mode = None): for the local run and tests only",
                StationAccessOptions.Section);
        else
            logger.LogInformation("Station callers authenticate by {Mode} against {CaCount} trusted CA certificate(s)",
                station.Mode, station.TrustedCas.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // A configuration that would refuse every caller stops the gateway at startup instead.
    internal sealed class Validation : IValidateOptions<StationAccessOptions>
    {
        public ValidateOptionsResult Validate(string? name, StationAccessOptions options) =>
            name != StationAccess.SchemeName ? ValidateOptionsResult.Skip
            : options.IsComplete(out var problem) ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problem!);
    }
}
