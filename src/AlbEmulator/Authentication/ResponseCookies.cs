using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Authentication;

/// <summary>Set-Cookie values added to whatever response the request ends with (redirect, error page or the target's).</summary>
internal static class ResponseCookies
{
    public static void AppendOnStart(HttpContext context, List<string> cookies)
    {
        if (cookies.Count == 0)
        {
            return;
        }

        context.Response.OnStarting(static s =>
        {
            var (ctx, values) = ((HttpContext, List<string>))s;
            foreach (var cookie in values)
            {
                ctx.Response.Headers.Append("Set-Cookie", cookie);
            }

            return Task.CompletedTask;
        }, (context, cookies));
    }
}
