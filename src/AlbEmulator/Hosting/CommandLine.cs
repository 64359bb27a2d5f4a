using System.Collections;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Hosting;

/// <summary>The parsed command line (config-format.md §1).</summary>
public sealed partial record CommandLine
{
    /// <summary>Every option can also come from the environment: <c>ALB_EMULATOR_&lt;OPTION&gt;</c> (upper case, dashes as underscores).</summary>
    public const string EnvironmentPrefix = "ALB_EMULATOR_";

    public string? ConfigPath { get; init; }

    public string? AccessLogPath { get; init; }

    /// <summary><c>--overrides PATH</c>: what a CloudFormation template cannot say locally (config-format.md §6).</summary>
    public string? OverridesPath { get; init; }

    /// <summary><c>--parameter KEY=VALUE</c> (repeatable): template parameter values.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    public Uri AdminUrl { get; init; } = new("http://127.0.0.1:8081");

    public bool Validate { get; init; }

    public bool Diagnostics { get; init; }

    /// <summary><c>--request-history COUNT</c>: requests the console's explorer keeps (default 1000, 0 = off).</summary>
    public int? RequestHistory { get; init; }

    /// <summary>[ext] <c>ACCESS_KEY:SECRET</c> the ELBv2 API verifies SigV4 signatures against.</summary>
    public string? AdminCredentials { get; init; }

    public bool Help { get; init; }

    /// <summary>[ext] AWS WAF log destination, JSON lines in WAF's log format (<c>--waf-log PATH|-</c>).</summary>
    public string? WafLogPath { get; init; }

    /// <summary>[ext] Make every WAF evaluation fail with this error reason (<c>--waf-fault WAFConnectionError</c>, ...).</summary>
    public string? WafFault { get; init; }

    /// <summary><c>--version</c>: print <c>alb-emulator &lt;version&gt;</c> and exit 0.</summary>
    public bool Version { get; init; }

    /// <summary>[ext] Application log file (<c>--log-file PATH</c>), besides the console.</summary>
    public string? LogFile { get; init; }

    /// <summary>[ext] OTLP/HTTP endpoint the metrics are exported to (<c>--otlp-endpoint URL</c>).</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>[ext] <c>--cert-dir PATH</c>: the private directory of generated listener certificates.</summary>
    public string? CertificateDirectory { get; init; }

    /// <summary>[ext] <c>--cert-names NAME[,NAME...]</c> (repeatable): names added to every generated listener certificate.</summary>
    public IReadOnlyList<string> CertificateNames { get; init; } = [];

    /// <summary>
    /// [ext] <c>--transport-scheduling inline|thread-pool</c>: whether cleartext HTTP listeners process a connection's requests
    /// on the thread that read them (inline) or on the thread pool (Kestrel's default, and the host's: inline measured slower at
    /// 64 and 256 connections on a quiet machine, docs/performance.md); Listeners/TransportScheduling.
    /// </summary>
    public bool InlineHttpScheduling { get; init; }

    /// <summary><c>--log-level</c>: the application log's minimum level (default Information).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public IReadOnlyList<string> Errors { get; init; } = [];

    public const string Usage =
        """
        Usage: alb-emulator [options]

          --config PATH        load balancer description (JSON or YAML), a CloudFormation
                               template (JSON or YAML) or a Terraform plan/state as written by
                               `terraform show -json`; default: ./alb.json (or
                               alb.yaml, alb.yml) if present,
                               else the embedded default (listener 8080 -> built-in echo target)
          --overrides PATH     with a template or Terraform plan as --config: local targets, ports,
                               certificates, Lambda endpoints, imports (docs/infrastructure-as-code.md)
          --parameter KEY=VALUE
                               a template parameter's value (repeatable; in the environment
                               ALB_EMULATOR_PARAMETER holds several KEY=VALUE separated by spaces)
          --access-log PATH    also write every access-log line, plain text, to PATH ("-" = stdout)
          --bind ADDRESS       address the listeners bind to (default 127.0.0.1; 0.0.0.0 in containers)
          --admin-url URL      the admin endpoint (default http://127.0.0.1:8081)
          --validate           load and validate the config, print every error, exit
          --diagnostics        add the X-AlbEmulator-Diagnostic header to ALB-generated responses
          --request-history COUNT
                               requests the console's request explorer keeps with their
                               decision trail (default 1000, 0 = off, at most 100000)
          --admin-credentials ACCESS_KEY:SECRET
                               verify SigV4 signatures on the ELBv2 API (default: accept any)
          --log-file PATH      also write the application log to PATH
          --otlp-endpoint URL  export the metrics over OTLP/HTTP, e.g. http://127.0.0.1:4318
          --log-level LEVEL    trace | debug | information (default) | warning | error
          --cert-dir PATH      private directory (0700) for the certificates generated for HTTPS
                               listeners without one (default ~/.local/share/alb-emulator/certs)
          --cert-names NAMES   comma-separated DNS names or IPs added to every generated
                               certificate, e.g. alb (a compose service name); repeatable
          --waf-log PATH       write AWS WAF logs (WAF's JSON log format, one per line) to PATH ("-" = stdout)
          --waf-fault REASON   simulate AWS WAF failing (WAFConnectionError, WAFConnectionTimeout,
                               WAFResponseReadTimeout, WAFServiceError, WAFUnhandledException)
          --transport-scheduling MODE
                               thread-pool (default): Kestrel's scheduling; inline: HTTP listeners
                               process requests on the thread that read them (docs/performance.md)
          --version            print the version and exit
          --help               show this text

        Every option can also be set in the environment as ALB_EMULATOR_<OPTION> (upper case, dashes
        as underscores: ALB_EMULATOR_CONFIG, ALB_EMULATOR_ADMIN_URL, ALB_EMULATOR_VALIDATE=true, ...);
        the command line wins.

        Exit codes: 0 success, 2 invalid config or a listener that cannot start.
        """;

    /// <summary>The options <see cref="Usage"/> documents, each with whether it takes a value (the environment's names come from here).</summary>
    public static IReadOnlyDictionary<string, bool> Options { get; } = UsageOption().Matches(Usage)
        .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success);

    /// <summary>Parses the command line together with the process environment's ALB_EMULATOR_* variables.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args) => Parse(args, Environment.GetEnvironmentVariables());

    /// <summary>Parses <paramref name="args"/>; options missing from it are taken from <paramref name="environment"/>.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var errors = new List<string>();
        var fromEnvironment = FromEnvironment(args, environment, errors);
        var parsed = ParseArguments([.. fromEnvironment, .. args]);
        return parsed with { Errors = [.. errors, .. parsed.Errors] };
    }

    /// <summary>The arguments the environment adds: <c>ALB_EMULATOR_X=v</c> is <c>--x v</c> (flags: true/1 or false/0) unless <c>--x</c> is on the command line.</summary>
    private static List<string> FromEnvironment(IReadOnlyList<string> args, IDictionary environment, List<string> errors)
    {
        var added = new List<string>();
        foreach (var key in environment.Keys.OfType<string>().Where(k => k.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var value = environment[key] as string ?? "";
            var option = "--" + key[EnvironmentPrefix.Length..].ToLowerInvariant().Replace('_', '-');
            if (option is "--help" or "--version" || !Options.TryGetValue(option, out var takesValue))
            {
                var hint = DidYouMeanEnvironment(key);
                errors.Add($"Unknown environment variable {key}{hint}.");
                continue;
            }

            if (option == "--parameter")
            {
                // Several KEY=VALUE separated by spaces (as `aws cloudformation deploy --parameter-overrides` takes them);
                // they come first, so a --parameter of the same key on the command line wins.
                foreach (var parameter in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    added.Add(option);
                    added.Add(parameter);
                }

                continue;
            }

            if (args.Contains(option))
            {
                continue; // The command line wins.
            }

            if (takesValue)
            {
                added.Add(option);
                added.Add(value);
            }
            else if (value.ToLowerInvariant() is "true" or "1" or "yes")
            {
                added.Add(option);
            }
            else if (value.ToLowerInvariant() is not ("false" or "0" or "no" or ""))
            {
                errors.Add($"{key}: '{value}' must be true or false.");
            }
        }

        return added;
    }

    private static string DidYouMeanEnvironment(string key)
    {
        var names = Options.Keys.Where(o => o is not "--help" and not "--version")
            .Select(o => EnvironmentPrefix + o[2..].ToUpperInvariant().Replace('-', '_'));
        return Configuration.DidYouMean.Closest(key, names) is { } closest ? $" (did you mean {closest}?)" : "";
    }

    [GeneratedRegex(@"^  (--[a-z][a-z-]+)(?: +([A-Z][A-Z_:]+))?", RegexOptions.Multiline)]
    private static partial Regex UsageOption();

    private static CommandLine ParseArguments(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                errors.Add($"Option {arg} needs a value.");
                return null;
            }

            switch (arg)
            {
                case "--config":
                    result = result with { ConfigPath = Value() };
                    break;
                case "--overrides":
                    result = result with { OverridesPath = Value() };
                    break;
                case "--parameter":
                    var parameter = Value();
                    if (parameter is not null)
                    {
                        if (parameter.IndexOf('=') is > 0 and var equals)
                        {
                            result = result with { Parameters = new Dictionary<string, string>(result.Parameters, StringComparer.Ordinal) { [parameter[..equals]] = parameter[(equals + 1)..] } };
                        }
                        else
                        {
                            errors.Add($"--parameter: expected KEY=VALUE, got '{parameter}'.");
                        }
                    }

                    break;
                case "--access-log":
                    result = result with { AccessLogPath = Value() };
                    break;
                case "--bind":
                    var bind = Value();
                    if (bind is not null)
                    {
                        if (IPAddress.TryParse(bind, out var address))
                        {
                            result = result with { BindAddress = address };
                        }
                        else
                        {
                            errors.Add($"--bind: '{bind}' is not an IP address.");
                        }
                    }

                    break;
                case "--admin-url":
                    var admin = Value();
                    if (admin is not null)
                    {
                        if (Uri.TryCreate(admin, UriKind.Absolute, out var uri) && uri.Scheme == "http" && (uri.Host == "localhost" || IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)))
                        {
                            result = result with { AdminUrl = uri };
                        }
                        else
                        {
                            errors.Add($"--admin-url: '{admin}' must be an http URL with an IP address or localhost, e.g. http://127.0.0.1:8081.");
                        }
                    }

                    break;
                case "--validate":
                    result = result with { Validate = true };
                    break;
                case "--admin-credentials":
                    var credentials = Value();
                    if (credentials is not null)
                    {
                        if (credentials.IndexOf(':') is > 0 and var colon && colon < credentials.Length - 1)
                        {
                            result = result with { AdminCredentials = credentials };
                        }
                        else
                        {
                            errors.Add("--admin-credentials: expected ACCESS_KEY:SECRET.");
                        }
                    }

                    break;
                case "--diagnostics":
                    result = result with { Diagnostics = true };
                    break;
                case "--request-history":
                    var history = Value();
                    if (history is not null)
                    {
                        if (int.TryParse(history, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count <= WebConsole.RequestTrail.MaxCapacity)
                        {
                            result = result with { RequestHistory = count };
                        }
                        else
                        {
                            errors.Add($"--request-history: '{history}' must be a whole number from 0 to {WebConsole.RequestTrail.MaxCapacity}.");
                        }
                    }

                    break;
                case "--waf-log":
                    result = result with { WafLogPath = Value() };
                    break;
                case "--waf-fault":
                    var fault = Value();
                    if (fault is not null)
                    {
                        if (Waf.WafStep.FailureReasons.Contains(fault))
                        {
                            result = result with { WafFault = fault };
                        }
                        else
                        {
                            errors.Add($"--waf-fault: '{fault}' is not one of {string.Join(", ", Waf.WafStep.FailureReasons)}.");
                        }
                    }

                    break;
                case "--log-file":
                    result = result with { LogFile = Value() };
                    break;
                case "--otlp-endpoint":
                    var otlp = Value();
                    if (otlp is not null)
                    {
                        if (Uri.TryCreate(otlp, UriKind.Absolute, out var otlpUri) && (otlpUri.Scheme == "http" || otlpUri.Scheme == "https"))
                        {
                            result = result with { OtlpEndpoint = otlpUri };
                        }
                        else
                        {
                            errors.Add($"--otlp-endpoint: '{otlp}' must be an http or https URL, e.g. http://127.0.0.1:4318.");
                        }
                    }

                    break;
                case "--cert-dir":
                    result = result with { CertificateDirectory = Value() };
                    break;
                case "--cert-names":
                    var certNames = Value();
                    if (certNames is not null)
                    {
                        var added = certNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                        var invalid = added.Where(n => !Listeners.GeneratedCertificateNames.IsValid(n)).ToList();
                        if (invalid.Count > 0)
                        {
                            errors.Add($"--cert-names: '{string.Join("', '", invalid)}' is not a DNS name, a *.wildcard DNS name or an IP address.");
                        }
                        else
                        {
                            result = result with { CertificateNames = [.. result.CertificateNames, .. added] };
                        }
                    }

                    break;
                case "--transport-scheduling":
                    var scheduling = Value();
                    if (scheduling is "inline" or "thread-pool")
                    {
                        result = result with { InlineHttpScheduling = scheduling == "inline" };
                    }
                    else if (scheduling is not null)
                    {
                        errors.Add($"--transport-scheduling: '{scheduling}' must be inline or thread-pool.");
                    }

                    break;
                case "--version":
                    result = result with { Version = true };
                    break;
                case "--log-level":
                    var level = Value();
                    if (level is not null)
                    {
                        if (ParseLogLevel(level) is { } parsedLevel)
                        {
                            result = result with { LogLevel = parsedLevel };
                        }
                        else
                        {
                            errors.Add($"--log-level: '{level}' must be one of trace, debug, information, warning, error.");
                        }
                    }

                    break;
                case "--help" or "-h" or "-?":
                    result = result with { Help = true };
                    break;
                default:
                    errors.Add($"Unknown option '{arg}'.");
                    break;
            }
        }

        return result with { Errors = errors };
    }

    private static LogLevel? ParseLogLevel(string value) => value.ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "information" or "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => null,
    };
}
