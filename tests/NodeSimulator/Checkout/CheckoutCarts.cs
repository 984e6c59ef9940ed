using System.Collections.Concurrent;

namespace NodeSimulator.Checkout;

// Body of POST /checkout/ec/v1/carts, as pagoPA's checkout API for ECs names it.
internal sealed record CartRequest(List<CartNotice>? PaymentNotices, ReturnUrls? ReturnUrls, string? EmailNotice = null);

internal sealed record CartNotice(string? NoticeNumber, string? FiscalCode, long? Amount, string? CompanyName, string? Description);

internal sealed record ReturnUrls(Uri? ReturnOkUrl, Uri? ReturnCancelUrl, Uri? ReturnErrorUrl);

internal sealed record Cart(Guid Id, CartNotice Notice, ReturnUrls ReturnUrls, DateTimeOffset CreatedAt);

// Carts waiting for the citizen, in memory, for an hour: the simulator keeps no state across restarts.
internal sealed class CheckoutCarts(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Cart> _carts = new();

    public Cart Add(CartNotice notice, ReturnUrls returnUrls)
    {
        var now = time.GetUtcNow();
        foreach (var old in _carts.Values.Where(c => now - c.CreatedAt > TimeSpan.FromHours(1))) _carts.TryRemove(old.Id, out _);
        var cart = new Cart(Guid.NewGuid(), notice, returnUrls, now);
        _carts[cart.Id] = cart;
        return cart;
    }

    public Cart? Find(Guid id) => _carts.GetValueOrDefault(id);

    public void Remove(Guid id) => _carts.TryRemove(id, out _);
}
