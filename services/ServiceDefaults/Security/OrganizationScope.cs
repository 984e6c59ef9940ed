using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Security;

/// <summary>
/// The one rule every endpoint of a service falls under unless it says otherwise: the caller acts for the
/// organisation named in the route (`{organizationFiscalCode}` or `{organization}`), with the role the
/// operation needs: read for GET and HEAD, write for anything else, admin where the endpoint asks for it.
/// An endpoint with no organisation in its route is refused to everyone until it declares
/// <see cref="CallerEndpoints.ForAnyOrganization"/> or the Node: a new route cannot forget the check, it
/// can only fail closed.
/// </summary>
public sealed class OrganizationScope : IAuthorizationRequirement
{
    public static readonly string[] RouteValueNames = ["organizationFiscalCode", "organization"];
}

/// <summary>Endpoint metadata: the role the endpoint needs, when its HTTP method does not say it.</summary>
public sealed record RequiredRole(CallerRole Role);

/// <summary>Endpoint metadata: the endpoint names no organisation (a calculation, a catalogue of the platform's own).</summary>
public sealed record AnyOrganization;

/// <summary>Endpoint metadata: only the pagoPA Node may call it (the station).</summary>
public sealed record NodeOnly;

public static class CallerEndpoints
{
    /// <summary>The endpoint needs the admin role on the organisation in its route (configuration, catalogues, templates).</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(CallerRole.Admin));

    /// <summary>The endpoint changes nothing although its method is not GET (a preview, a validation).</summary>
    public static TBuilder RequireReadOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(CallerRole.Read));

    /// <summary>The endpoint touches no organisation's data: any authenticated REST caller with the role may use it.</summary>
    public static TBuilder ForAnyOrganization<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnyOrganization());

    /// <summary>Only the pagoPA Node, as the gateway vouches for it, may call the endpoint.</summary>
    public static TBuilder RequireNode<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NodeOnly());
}

internal sealed class OrganizationScopeHandler : AuthorizationHandler<OrganizationScope>
{
    public const string ReasonKey = "payments.forbidden-reason";

    // The endpoints routing answers with when a path matches but its method or media type does not
    // (HttpMethodMatcherPolicy, AcceptsMatcherPolicy).
    private static readonly string[] RoutingRejections = ["405 HTTP Method Not Supported", "415 HTTP Unsupported Media Type"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationScope requirement)
    {
        if (context.Resource is not HttpContext http) return Task.CompletedTask;
        var endpoint = http.GetEndpoint();
        var user = context.User;
        // No endpoint matched, or only with another method or media type: the answer will be a 404, 405 or 415,
        // there is nothing to protect (the caller is authenticated), and the caller learns what to fix.
        if (endpoint is null || RoutingRejections.Contains(endpoint.DisplayName))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        if (endpoint.Metadata.GetMetadata<NodeOnly>() is not null)
        {
            if (user.IsNode()) context.Succeed(requirement);
            else Refuse(http, "Only the pagoPA Node may call the station.");
            return Task.CompletedTask;
        }
        if (user.Role() is not { } role)
        {
            Refuse(http, "This caller has no role on the REST API.");
            return Task.CompletedTask;
        }
        var needed = endpoint.Metadata.GetMetadata<RequiredRole>()?.Role
            ?? (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? CallerRole.Read : CallerRole.Write);
        if (role < needed)
        {
            Refuse(http, $"This operation needs the {needed.Name()} role; the caller has {role.Name()}.");
            return Task.CompletedTask;
        }
        var organization = OrganizationOf(http);
        if (organization is null)
        {
            if (endpoint.Metadata.GetMetadata<AnyOrganization>() is not null) context.Succeed(requirement);
            else Refuse(http, "This endpoint names no organisation and does not declare itself open to every organisation.");
        }
        else if (user.ActsFor(organization)) context.Succeed(requirement);
        else Refuse(http, $"The caller may not act for organisation {Shown(organization)}.");
        return Task.CompletedTask;
    }

    private static string? OrganizationOf(HttpContext http)
    {
        foreach (var name in OrganizationScope.RouteValueNames)
            if (http.Request.RouteValues.TryGetValue(name, out var value) && value is string text) return text;
        return null;
    }

    // The organisation comes from the caller's own path: shown only when it has the shape of a fiscal code.
    private static string Shown(string organization) =>
        organization.Length <= 16 && organization.All(char.IsAsciiLetterOrDigit) ? organization : "(malformed)";

    private static void Refuse(HttpContext http, string reason) => http.Items[ReasonKey] = reason;
}
