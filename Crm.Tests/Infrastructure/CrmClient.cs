using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Tests.Infrastructure;

/// <summary>A typed client over the contracts: the request DTO says what comes back, a non-success status throws with the problem.</summary>
public sealed class CrmClient(HttpClient http) : IDisposable
{
    // The server's JSON: camelCase, enums by name.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public HttpClient Http { get; } = http;

    public Task<TResponse> PostAsync<TResponse>(string url, IReturn<TResponse> request) => SendAsync<TResponse>(HttpMethod.Post, url, request);

    public Task<TResponse> GetAsync<TResponse>(string url) => SendAsync<TResponse>(HttpMethod.Get, url, null);

    public async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string url, object? body)
    {
        using var response = await RawAsync(method, url, body);
        if (!response.IsSuccessStatusCode)
            throw new ProblemResponse(response.StatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TResponse>(Json))!;
    }

    public Task<HttpResponseMessage> RawAsync(HttpMethod method, string url, object? body = null)
    {
        var message = new HttpRequestMessage(method, url);
        if (body is not null) message.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return Http.SendAsync(message);
    }

    /// <summary>The status and problem+json body of a call expected to fail.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Problem)> ProblemAsync(HttpMethod method, string url, object? body = null)
    {
        using var response = await RawAsync(method, url, body);
        Assert.False(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Json));
    }

    public void Dispose() => Http.Dispose();
}

public sealed class ProblemResponse(HttpStatusCode status, string body) : Exception($"{(int)status}: {body}")
{
    public HttpStatusCode Status { get; } = status;
}
