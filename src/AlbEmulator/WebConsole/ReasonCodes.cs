namespace AlbEmulator.WebConsole;

/// <summary>
/// THE table of target-health reason codes with what to check for each (the resource map shows it beside
/// every target, <c>GET /api/reason-codes</c> serves it, docs/console.md repeats it). The reason codes are
/// the ones describe-target-health reports; the advice is the project's own, after AWS's troubleshooting
/// guide ("Troubleshoot unhealthy targets using the resource map").
/// </summary>
public static class ReasonCodes
{
    public static readonly IReadOnlyList<ReasonCodeAdvice> All =
    [
        new("Elb.RegistrationInProgress", "initial", "The target is being registered.",
            ["Wait: the first health check starts within one interval.", "If it stays here, check that the health checker can reach the target's address and health-check port."]),
        new("Elb.InitialHealthChecking", "initial", "Health checks have started; the target has not yet passed the healthy threshold.",
            ["Wait for HealthyThresholdCount consecutive successful checks (HealthCheckIntervalSeconds each).", "Lower the interval or the healthy threshold of the target group to get there sooner locally."]),
        new("Target.ResponseCodeMismatch", "unhealthy", "The target answered the health check with a status code outside the matcher.",
            ["Request the health-check path yourself (curl the target's port and path) and compare the status with the target group's Matcher.",
             "Either make the application answer the health-check path with a matching code, or change the Matcher (e.g. 200-399) or the health-check path to one that does.",
             "A redirect (301/302) from the application, e.g. to HTTPS or a login page, is a mismatch unless the matcher includes it."]),
        new("Target.Timeout", "unhealthy", "The health check got no answer within HealthCheckTimeoutSeconds.",
            ["Check that nothing blocks the path from the load balancer to the target (locally: the address, the port, a firewall).",
             "Check that the target has the resources to accept the connection and answer in time (CPU, threads, a slow dependency behind the health-check path).",
             "Check that the application on the target is running; its own log shows whether the health checks arrive.",
             "Raise HealthCheckTimeoutSeconds if the health-check path is legitimately slow."]),
        new("Target.FailedHealthChecks", "unhealthy", "The health check could not be made: the connection was refused or reset, or the TLS handshake failed.",
            ["Check that the application on the target is running.",
             "Check that it listens on the health-check port (traffic port unless HealthCheckPort says otherwise) and on an address the emulator can reach.",
             "For an HTTPS target group: check that the target presents a certificate and key in a format the security policy accepts, and shares a protocol version and cipher with it."]),
        new("Target.NotRegistered", "unused", "The target is not registered with this target group.",
            ["Register the target (RegisterTargets, or Targets in the config)."]),
        new("Target.NotInUse", "unused", "No listener rule forwards to this target group, so it receives no traffic and is not health-checked.",
            ["Add the target group to a listener's default action or a rule's forward action."]),
        new("Target.DeregistrationInProgress", "draining", "The target is being deregistered and drains its in-flight requests.",
            ["Wait for the deregistration delay (deregistration_delay.timeout_seconds), or lower it."]),
        new("Target.InvalidState", "unused", "The target is stopped or terminated.",
            ["Start the target, or register a running one."]),
        new("Target.IpUnusable", "unavailable", "The target's IP address cannot be used (it belongs to the load balancer or is otherwise unusable).",
            ["Register an address the load balancer can route to."]),
        new("Target.HealthCheckDisabled", "unavailable", "Health checks are disabled for the target group.",
            ["Enable health checks to learn the target's health; requests are still routed to it."]),
        new("Elb.InternalError", "unavailable", "The health check failed inside the load balancer.",
            ["Look at the emulator's log for the health-check error; it names what failed."]),
    ];

    private static readonly Dictionary<string, ReasonCodeAdvice> ByCode = All.ToDictionary(a => a.Code, StringComparer.Ordinal);

    /// <summary>The advice for a reason code, or null for none (healthy targets have no reason).</summary>
    public static ReasonCodeAdvice? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var advice) ? advice : null;
}

/// <summary>One target-health reason code: the state it comes with, what it means, and what to check.</summary>
public sealed record ReasonCodeAdvice(string Code, string State, string Meaning, IReadOnlyList<string> Checks);
