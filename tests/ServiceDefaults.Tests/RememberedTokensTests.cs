using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class RememberedTokensTests
{
    private static readonly SymmetricSecurityKey Key = new(Convert.FromBase64String(Testing.TestCallers.SigningKey)) { KeyId = "internal" };

    [Fact]
    public async Task A_valid_token_is_validated_once_and_remembered_only_until_it_expires()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var tokens = new RememberedTokens(clock);
        var token = InternalTokens.Issue(Key, "pagopa-node", [], Caller.NodeRole, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        var first = await tokens.ValidateTokenAsync(token, InternalTokens.ValidationParameters(Key));
        var again = await tokens.ValidateTokenAsync(token, InternalTokens.ValidationParameters(Key));
        clock.Now = clock.Now.AddMinutes(6);
        var afterExpiry = await tokens.ValidateTokenAsync(token, InternalTokens.ValidationParameters(Key));

        Assert.True(first.IsValid);
        Assert.Same(first, again);
        Assert.NotSame(first, afterExpiry);
    }

    [Fact]
    public async Task A_token_that_fails_validation_is_never_remembered()
    {
        var tokens = new RememberedTokens(TimeProvider.System);
        var forged = InternalTokens.Issue(new SymmetricSecurityKey(new byte[32]) { KeyId = "internal" }, "x", ["77777777777"], "admin",
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        var first = await tokens.ValidateTokenAsync(forged, InternalTokens.ValidationParameters(Key));
        var second = await tokens.ValidateTokenAsync(forged, InternalTokens.ValidationParameters(Key));

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.NotSame(first, second);
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
