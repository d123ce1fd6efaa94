using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace EscalationRisk.Cli;

/// <summary>Where <c>loadtest --api</c> submits the articles: an Api's <c>POST /api/articles</c>, with its token.</summary>
internal sealed record LoadTestApi(string Address, string Token);

// Submitting the articles through the Api's ingest path over HTTP instead of publishing them to the broker.
internal static partial class LoadTestCommand
{
    /// <summary>Requests in flight at once, as many clients posting together would have.</summary>
    private const int HttpInFlight = 64;

    /// <summary>
    /// Posts each body to <c>POST /api/articles</c> (paced like the broker publisher when <paramref name="rate"/> is
    /// positive), at most <see cref="HttpInFlight"/> at once; the time of each request is its publish time. Returns
    /// how many the Api refused and why the first was (an article refused is never scored, so the run stops there).
    /// </summary>
    private static async Task<(int Refused, string? First)> PostAsync(LoadTestApi api, List<(string Id, byte[] Body)> bodies, double rate,
        long[] publishedAt, CancellationToken cancellation)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = HttpInFlight, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(api.Address.EndsWith('/') ? api.Address : api.Address + "/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Token);
        var refused = 0;
        string? first = null;
        async Task PostOne(int i)
        {
            using var content = new ByteArrayContent(bodies[i].Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await client.PostAsync(new Uri("api/articles", UriKind.Relative), content, cancellation).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    var detail = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.StatusCode}: {detail[..Math.Min(detail.Length, 300)]}"));
                }
            }
            catch (HttpRequestException ex)
            {
                Refuse(ex.Message);
            }
        }

        void Refuse(string why)
        {
            Interlocked.Increment(ref refused);
            Interlocked.CompareExchange(ref first, why, null);
        }

        await SendPacedAsync(bodies.Count, rate, HttpInFlight, publishedAt, PostOne, cancellation).ConfigureAwait(false);
        return (refused, first);
    }
}
