using System.Net;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Rules;

/// <summary>Builds <see cref="RuleMatchRequest"/> values for rule tests.</summary>
internal static class TestRequests
{
    public static RuleMatchRequest Create(
        string method = "GET",
        string? host = "www.example.com",
        string path = "/",
        string query = "",
        IHeaderDictionary? headers = null,
        string? remoteIp = "10.0.0.1") =>
        new(
            method,
            host,
            path,
            query,
            headers ?? new HeaderDictionary(),
            remoteIp is null ? null : IPAddress.Parse(remoteIp));
}
