namespace AlbEmulator.Errors;

/// <summary>Standard reason phrases for statuses ALB generates through actions (fixed-response, redirect).</summary>
public static class ReasonPhrases
{
    public static string Get(int statusCode) => statusCode switch
    {
        301 => "Moved Permanently",
        302 => "Found",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode),
    };
}

/// <summary>Bodies of redirect responses: the ALB page template for the status (ACT-20, 134 bytes for 301).</summary>
public static class RedirectBodies
{
    private static readonly byte[] MovedPermanently = AlbErrorPage.Render(301, "Moved Permanently");
    private static readonly byte[] Found = AlbErrorPage.Render(302, "Found");

    public static byte[] Get(int statusCode) => statusCode == 302 ? Found : MovedPermanently;
}
