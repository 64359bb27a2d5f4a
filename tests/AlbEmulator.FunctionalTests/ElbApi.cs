using System.Net;
using System.Xml.Linq;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The ELBv2 Query API of an emulator's admin endpoint, as an SDK calls it (form POST with the SigV4
/// <c>Authorization</c> header shape; signatures are not checked without <c>--admin-credentials</c>).
/// </summary>
public sealed class ElbApi(Uri adminUri) : IDisposable
{
    public static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private readonly HttpClient _admin = new() { BaseAddress = adminUri };

    /// <summary>Calls <paramref name="action"/>; fails the test unless it answers 200.</summary>
    public async Task<XDocument> CallAsync(string action, params (string Name, string Value)[] parameters)
    {
        var (status, body) = await PostAsync(action, parameters);
        Assert.True(status == HttpStatusCode.OK, $"{action}: {status} {body}");
        return XDocument.Parse(body);
    }

    /// <summary>The first value of an element named <paramref name="element"/> in the answer of <paramref name="action"/>.</summary>
    public async Task<string> ValueAsync(string action, string element, params (string Name, string Value)[] parameters) =>
        (await CallAsync(action, parameters)).Descendants(Ns + element).First().Value;

    /// <summary>Calls <paramref name="action"/> expecting a 400; returns the AWS error code.</summary>
    public async Task<string> ErrorAsync(string action, params (string Name, string Value)[] parameters) => (await ErrorResponseAsync(action, parameters)).Code;

    /// <summary>Calls <paramref name="action"/> expecting a 400; returns the AWS error code and message.</summary>
    public async Task<(string Code, string Message)> ErrorResponseAsync(string action, params (string Name, string Value)[] parameters)
    {
        var (status, body) = await PostAsync(action, parameters);
        Assert.True(status == HttpStatusCode.BadRequest, $"{action}: {status} {body}");
        var error = XDocument.Parse(body).Descendants(Ns + "Error").Single();
        return (error.Element(Ns + "Code")!.Value, error.Element(Ns + "Message")!.Value);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string action, (string Name, string Value)[] parameters)
    {
        var form = new Dictionary<string, string> { ["Action"] = action, ["Version"] = "2015-12-01" };
        foreach (var (name, value) in parameters)
        {
            form[name] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await _admin.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _admin.Dispose();
}
