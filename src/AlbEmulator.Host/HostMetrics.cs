using AlbEmulator.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace AlbEmulator.Host;

/// <summary>
/// <c>--otlp-endpoint URL</c>: exports the <see cref="AlbMetrics.MeterName"/> meter over OTLP/HTTP
/// (protobuf) every 60 seconds, CloudWatch's period (docs/metrics.md).
/// </summary>
internal static class HostMetrics
{
    public static MeterProvider? Start(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

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
