namespace AlbEmulator.Errors;

/// <summary>gRPC status codes and the lower-case messages ALB sends with them (observed: 14 → "unavailable").</summary>
public static class GrpcStatusNames
{
    public static string Message(int status) => status switch
    {
        0 => "ok",
        1 => "cancelled",
        2 => "unknown",
        3 => "invalid argument",
        4 => "deadline exceeded",
        5 => "not found",
        8 => "resource exhausted",
        12 => "unimplemented",
        13 => "internal",
        14 => "unavailable",
        16 => "unauthenticated",
        _ => "unknown",
    };
}
