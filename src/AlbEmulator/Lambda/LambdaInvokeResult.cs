using AlbEmulator.Errors;

namespace AlbEmulator.Lambda;

/// <summary>
/// The outcome of one Invoke API call: the function's payload, or the error the load balancer answers
/// with (<see cref="AlbError.ClientClosedRequest"/> when the client went away first), with a detail
/// for the diagnostics.
/// </summary>
public readonly record struct LambdaInvokeResult(AlbError Error, byte[] Payload, string? Detail)
{
    /// <summary>The Invoke API answered; false when the call failed before any answer (connection error, timeout).</summary>
    public bool Answered { get; init; }

    public static LambdaInvokeResult Success(byte[] payload) => new(AlbError.None, payload, null) { Answered = true };

    public static LambdaInvokeResult Failed(AlbError error, string detail, bool answered) => new(error, [], detail) { Answered = answered };
}
