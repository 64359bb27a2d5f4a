using AlbEmulator.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace AlbEmulator.Host;

/// <summary>
/// <c>--otlp-endpoint URL</c>: exports the <see cref="AlbMetrics.MeterName"/> meter over OTLP/HTTP
/// (protobuf) every 60 seconds, CloudWatch's period (docs/metrics.md). Without the option the OpenTelemetry
/// assemblies are never loaded: their types appear only in <see cref="Build"/>, which is not compiled unless
/// called (about 1 MB of mapped code less in the idle process; docs/performance.md, "Memory and start-up").
/// </summary>
internal static class HostMetrics
{
    public static IDisposable? Start(Uri? endpoint) => endpoint is null ? null : Build(endpoint);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static MeterProvider Build(Uri endpoint)
    {
        var metricsUri = endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, "/v1/metrics") : endpoint;
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(AlbMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = metricsUri;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
            })
            .Build();
    }
}
