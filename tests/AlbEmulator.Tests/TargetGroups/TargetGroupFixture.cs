using System.Collections.Concurrent;
using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.Common;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Tests.TargetGroups;

/// <summary>A model with one used group "web" (targets 10.0.0.1..n on port 80) attached to a registry on a manual clock, logging into a list.</summary>
internal sealed class TargetGroupFixture
{
    public TargetGroupFixture(int targets, string groupExtras = "", params (string Key, string Value)[] attributes)
    {
        var targetJson = string.Join(", ", Enumerable.Range(1, targets).Select(i => $$"""{ "Id": "10.0.0.{{i}}" }"""));
        var attributeJson = string.Join(", ", attributes.Select(a => $$"""{ "Key": "{{a.Key}}", "Value": "{{a.Value}}" }"""));
        var json = $$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [
                { "Name": "web", "Protocol": "HTTP", "Port": 80, {{groupExtras}} "TargetGroupAttributes": [ {{attributeJson}} ], "Targets": [ {{targetJson}} ] },
                { "Name": "spare", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "10.1.0.1" } ] } ]
            }
            """;
        var read = AlbConfigReader.ReadJson(json, "/tmp");
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
        Registry = new TargetRegistry(Clock) { Logger = new ListLogger(Log) };
        Model = LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create, Registry);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public ConcurrentQueue<string> Log { get; } = new();

    public TargetRegistry Registry { get; }

    public EmulatorModel Model { get; }

    public TargetGroupState Web => Model.TargetGroups["web"].State;

    public TargetState Target(int n) => Web.Targets.Single(t => t.Id == $"10.0.0.{n}");

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
