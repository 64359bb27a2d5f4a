using AlbEmulator.Errors;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The figures of a finished request that both the access-log line and the metrics use, computed once:
/// the status the load balancer answered with (460 when the client went away, 400 when it closed mid-body) and the byte counts
/// (from the wire when the connection layer counted them, else <see cref="ByteCounts"/>' estimate).
/// </summary>
public readonly record struct RequestOutcome(int ElbStatusCode, long ReceivedBytes, long SentBytes)
{
    public static RequestOutcome From(HttpContext context, AlbRequestState state)
    {
        // Log-only outcomes (460, and 400 for a client that closed mid-body) send nothing: their code comes from the catalogue.
        var status = state.Error != AlbError.None && AlbErrorCatalog.Get(state.Error) is { SendsResponse: false } logOnly
            ? logOnly.StatusCode
            : context.Response.StatusCode;
        return new RequestOutcome(
            status,
            state.ReceivedBytes ?? ByteCounts.Received(context),
            state.SentBytes ?? ByteCounts.Sent(context));
    }
}
