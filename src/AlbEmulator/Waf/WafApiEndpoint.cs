using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Waf;

/// <summary>
/// The WAFv2 API on the admin endpoint, beside ELBv2: <c>POST /</c> with
/// <c>X-Amz-Target: AWSWAF_20190729.&lt;Operation&gt;</c> and an <c>application/x-amz-json-1.1</c> body (the JSON
/// protocol), so <c>aws wafv2 --endpoint-url</c> and the SDKs work unchanged. Errors are
/// <c>{"__type": "...", "Message": "..."}</c> with status 400 (<c>WAFNonexistentItemException</c>,
/// <c>WAFDuplicateItemException</c>, <c>WAFOptimisticLockException</c>, <c>WAFAssociatedItemException</c>,
/// <c>WAFInvalidParameterException</c>). docs/waf.md lists the operations.
/// </summary>
internal static partial class WafApiEndpoint
{
    public const string TargetPrefix = "AWSWAF_20190729.";

    private const int MaxBodyBytes = 1 << 20;

    /// <summary>True when the request is a WAFv2 call (its <c>X-Amz-Target</c> names the WAFv2 service).</summary>
    public static bool IsWafRequest(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Serves one call. The admin endpoint's guard (Host, Origin) has run; here, as for ELBv2, a call that
    /// changes something needs the SigV4 <c>Authorization</c> header's shape, and with <c>--admin-credentials</c>
    /// every call's signature is verified.
    /// </summary>
    public static async Task HandleAsync(HttpContext context, WafRegistry registry, Func<string, bool> loadBalancerExists, Func<string, string> loadBalancerArn, ControlPlane.SigV4Verifier? signatures, ILogger logger)
    {
        var requestId = Guid.NewGuid().ToString();
        var operation = context.Request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
        JsonObject response;
        var status = StatusCodes.Status200OK;
        try
        {
            var body = await ReadBodyAsync(context);
            signatures?.Verify(context.Request, body);
            if (signatures is null && !operation.StartsWith("Get", StringComparison.Ordinal) && !operation.StartsWith("List", StringComparison.Ordinal))
            {
                ControlPlane.AdminRequestGuard.RequireSignatureShape(context.Request, operation);
            }

            var request = Parse(body);
            response = operation switch
            {
                "CreateWebACL" => registry.CreateWebAcl(request),
                "UpdateWebACL" => registry.UpdateWebAcl(request),
                "GetWebACL" => registry.GetWebAcl(request),
                "ListWebACLs" => registry.ListWebAcls(request),
                "DeleteWebACL" => registry.DeleteWebAcl(request),
                "CreateIPSet" => registry.CreateSet(true, request),
                "UpdateIPSet" => registry.UpdateSet(true, request),
                "GetIPSet" => registry.GetSet(true, request),
                "ListIPSets" => registry.ListSets(true, request),
                "DeleteIPSet" => registry.DeleteSet(true, request),
                "CreateRegexPatternSet" => registry.CreateSet(false, request),
                "UpdateRegexPatternSet" => registry.UpdateSet(false, request),
                "GetRegexPatternSet" => registry.GetSet(false, request),
                "ListRegexPatternSets" => registry.ListSets(false, request),
                "DeleteRegexPatternSet" => registry.DeleteSet(false, request),
                "AssociateWebACL" => registry.Associate(request, loadBalancerExists),
                "DisassociateWebACL" => registry.Disassociate(request, loadBalancerExists),
                "GetWebACLForResource" => registry.GetWebAclForResource(request, loadBalancerExists),
                "ListResourcesForWebACL" => registry.ListResourcesForWebAcl(request, loadBalancerArn),
                _ => throw new WafApiException("UnknownOperationException", $"The emulator does not implement the WAFv2 operation {operation}."),
            };
            LogWafApiCall(logger, operation);
        }
        catch (WafApiException e)
        {
            LogWafApiError(logger, operation, e.Code, e.Message);
            status = StatusCodes.Status400BadRequest;
            response = new JsonObject { ["__type"] = e.Code, ["Message"] = e.Message };
        }
        catch (ControlPlane.AlbApiError e)
        {
            LogWafApiError(logger, operation, e.Code, e.Message);
            status = e.StatusCode;
            response = new JsonObject { ["__type"] = e.Code, ["Message"] = e.Message };
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new WafApiException("WAFInvalidParameterException", "The request body is too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static JsonObject Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject
                ?? throw new WafApiException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new WafApiException("SerializationException", "The request body is not valid JSON: " + e.Message);
        }
    }

    [LoggerMessage(EventId = 772, Level = LogLevel.Information, Message = "WAFv2 API {Operation}")]
    private static partial void LogWafApiCall(ILogger logger, string operation);

    [LoggerMessage(EventId = 773, Level = LogLevel.Information, Message = "WAFv2 API {Operation} failed: {Code}: {Message}")]
    private static partial void LogWafApiError(ILogger logger, string operation, string code, string message);
}
