using Testing;
using Xunit;

namespace IuvIssuance.Tests;

// The one-notice PDF endpoint, as the tests call it.
internal static class NoticeDownloads
{
    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string nav) =>
        client.GetAsync($"/api/iuv/organizations/{Positions.Ec}/notices/{nav}.pdf");

    // Waits until the position has crossed the broker, then returns the PDF.
    public static async Task<byte[]> PdfAsync(HttpClient client, string nav)
    {
        var response = await Eventually.AnswersAsync(() => GetAsync(client, nav), TimeSpan.FromSeconds(20), $"notice {nav} known");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
