using System.Net;
using Xunit.Sdk;

namespace Testing;

// Polls until something the system does asynchronously has happened (messages cross a real broker; state settles
// eventually). A poll retries only on the one answer that means "not yet": a condition that is false, or the HTTP
// status named as "not yet". Anything else (an exception, an unexpected status) fails the test at once with what
// actually happened, instead of being retried until the deadline hides it behind a timeout.
public static class Eventually
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    // Retries while condition is false; an exception it throws is not retried.
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"After {timeout.TotalSeconds:0.#} s: {because}");
            await Task.Delay(Pause);
        }
    }

    // Sends request until it answers expected (default 200) and returns that answer. Only notYet (default 404: the
    // data has not arrived) is retried; any other status fails at once with its body, so a 500 or a 401 is reported
    // as what it is.
    public static async Task<HttpResponseMessage> AnswersAsync(Func<Task<HttpResponseMessage>> request, TimeSpan timeout, string because,
        HttpStatusCode expected = HttpStatusCode.OK, HttpStatusCode notYet = HttpStatusCode.NotFound)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await request();
            if (response.StatusCode == expected) return response;
            if (response.StatusCode != notYet)
                throw new XunitException($"While waiting until {because}: answered {(int)response.StatusCode} {response.StatusCode}, " +
                    $"expected {(int)expected} (only {(int)notYet} means not yet): {await response.Content.ReadAsStringAsync()}");
            response.Dispose();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"After {timeout.TotalSeconds:0.#} s, still {(int)notYet}: {because}");
            await Task.Delay(Pause);
        }
    }
}
