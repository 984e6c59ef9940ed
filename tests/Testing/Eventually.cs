namespace Testing;

/// <summary>Polls an asynchronous condition (messages cross a real broker; state settles eventually).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"After {timeout.TotalSeconds:0.#} s: {because}");
            await Task.Delay(100);
        }
    }
}
