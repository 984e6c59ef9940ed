using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DebtPositions.Gpd;

// GET …/info (GPD healthCheck, v1 and v2): what a GPD client calls to check its base URL and key. It names no
// organisation, so any authenticated REST caller may read it.
internal static class GpdInfo
{
    private static readonly string Version =
        typeof(GpdInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static Ok<AppInfo> Handle(IHostEnvironment environment) =>
        TypedResults.Ok(new AppInfo("debt-positions", Version, environment.EnvironmentName));
}

// GPD's AppInfo.
internal sealed record AppInfo(string Name, string Version, string Environment);
