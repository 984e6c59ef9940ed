using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class AuthorizationTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    [Fact]
    public Task Every_endpoint_refuses_anonymous_callers_other_organisations_the_Node_and_too_small_a_role() =>
        EndpointIsolation.AssertEveryEndpointIsScopedAsync(app);
}
