namespace AlbEmulator.Lambda;

/// <summary>Size and time limits of Lambda targets (LAM-1, §7.1).</summary>
public static class LambdaLimits
{
    /// <summary>Request body limit: over this the load balancer answers 413 <c>LambdaRequestTooLarge</c>. [EMU] 1 MB = 1,048,576 bytes.</summary>
    public const int MaxRequestBodyBytes = Limits.AlbLimits.MaxLambdaRequestBodyBytes;

    /// <summary>Response JSON limit: over this the load balancer answers 502 <c>LambdaResponseTooLarge</c>. [EMU] 1 MB = 1,048,576 bytes.</summary>
    public const int MaxResponseBytes = Limits.AlbLimits.MaxLambdaResponseBytes;

    /// <summary>[EMU] Connecting to the Lambda endpoint, like connecting to a target (§7.1): 10 s, then 504.</summary>
    public static readonly TimeSpan ConnectTimeout = Limits.AlbLimits.TargetConnectTimeout;
}
