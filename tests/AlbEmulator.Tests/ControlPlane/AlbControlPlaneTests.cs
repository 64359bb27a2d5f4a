using System.Xml.Linq;
using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane;
using AlbEmulator.ControlPlane.Operations;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.TargetGroups;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Tests.ControlPlane;

/// <summary>The operations on a control plane without a server: ARNs, validation, atomicity.</summary>
public sealed class AlbControlPlaneTests
{
    private static readonly XNamespace Ns = QueryXml.NamespaceUri;

    private const string Config = """
        {
          "LoadBalancer": { "Name": "unit" },
          "Listeners": [ { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
            "Rules": [ { "Priority": 10, "Conditions": [ { "Field": "path-pattern", "Values": [ "/a" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ] } ],
          "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 }, { "Name": "spare", "Protocol": "HTTP", "Port": 80 } ]
        }
        """;

    internal static (AlbControlPlane ControlPlane, FakeBinder Binder) CreateSut(string config = Config)
    {
        var read = AlbConfigReader.ReadJson(config, Directory.GetCurrentDirectory());
        Assert.Empty(read.Errors);
        var registry = new TargetRegistry();
        static (HttpMessageInvoker, ForwarderRequestConfig) Connections(ResolvedTargetGroup group, LoadBalancerSettings settings) =>
            (new HttpMessageInvoker(new SocketsHttpHandler()), ForwarderRequestConfig.Empty);
        var model = LoadBalancerModelBuilder.Build(read.Config!, Connections, registry);
        var binder = new FakeBinder();
        var controlPlane = new AlbControlPlane(new AlbRuntime(model), registry, new SnapshotFactory(Connections, registry, model), binder, TimeProvider.System, NullLogger.Instance);
        return (controlPlane, binder);
    }

    internal static XElement Call(AlbControlPlane controlPlane, string body)
    {
        var request = QueryParameters.Parse(body);
        var action = request.Get("Action")!;
        return XElement.Parse(QueryXml.Response(action, "r", ElbApiOperations.All[action](request, controlPlane))).Element(Ns + action + "Result")!;
    }

    internal static string Encode(string value) => Uri.EscapeDataString(value);

    [Fact]
    public void SetRulePriorities_RuleKeepsItsArn_ANewRuleAtTheOldPriorityGetsAnother()
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0];
        var rule = listener.Rules[0].Arn;

        var moved = Call(controlPlane, $"Action=SetRulePriorities&RulePriorities.member.1.RuleArn={Encode(rule)}&RulePriorities.member.1.Priority=20");
        Assert.Equal(rule, moved.Descendants(Ns + "RuleArn").Single().Value);
        Assert.Equal(rule, controlPlane.Runtime.Current.Listeners[0].Rules.Single(r => r.Priority == 20).Arn);

        var created = Call(controlPlane, $"Action=CreateRule&ListenerArn={Encode(listener.Arn)}&Priority=10&Conditions.member.1.Field=path-pattern&Conditions.member.1.Values.member.1=%2Fb&Actions.member.1.Type=fixed-response&Actions.member.1.FixedResponseConfig.StatusCode=200");
        var createdArn = created.Descendants(Ns + "RuleArn").Single().Value;
        Assert.NotEqual(rule, createdArn);
        Assert.Equal(createdArn, controlPlane.Runtime.Current.Listeners[0].Rules.Single(r => r.Priority == 10).Arn);
    }

    [Fact]
    public void ModifyListener_Port_ListenerAndRulesKeepTheirArns()
    {
        var (controlPlane, binder) = CreateSut();
        var before = controlPlane.Runtime.Current.Listeners[0];

        var result = Call(controlPlane, $"Action=ModifyListener&ListenerArn={Encode(before.Arn)}&Port=8080");

        Assert.Equal(before.Arn, result.Descendants(Ns + "ListenerArn").Single().Value);
        var after = controlPlane.Runtime.Current.Listeners.Single();
        Assert.Equal((8080, before.Arn, before.Rules[0].Arn, before.DefaultRule.Arn), (after.Port, after.Arn, after.Rules[0].Arn, after.DefaultRule.Arn));
        Assert.Equal(1, binder.Bound);
    }

    [Fact]
    public void InvalidChange_ValidationError_NothingChanges()
    {
        var (controlPlane, _) = CreateSut();
        var before = controlPlane.Runtime.Current;

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateRule&ListenerArn={Encode(before.Listeners[0].Arn)}&Priority=5&Conditions.member.1.Field=path-pattern&Actions.member.1.Type=fixed-response&Actions.member.1.FixedResponseConfig.StatusCode=200"));

        Assert.Equal("ValidationError", error.Code);
        Assert.Same(before, controlPlane.Runtime.Current);
    }

    [Theory]
    [InlineData("Priority=10", "PriorityInUse")]
    [InlineData("Priority=11&Actions.member.1.TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Atargetgroup%2Fweb%2F0000000000000000", "TargetGroupNotFound")]
    public void CreateRule_Conflicts_SpecificCodes(string extra, string code)
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0].Arn;

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateRule&ListenerArn={Encode(listener)}&{extra}&Conditions.member.1.Field=path-pattern&Conditions.member.1.Values.member.1=%2Fc&Actions.member.1.Type=forward"));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void DeleteTargetGroup_InUse_ResourceInUse_UnusedDeleted_UnknownSucceeds()
    {
        var (controlPlane, _) = CreateSut();
        var groups = controlPlane.Runtime.Current.TargetGroups;

        Assert.Equal("ResourceInUse", Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=DeleteTargetGroup&TargetGroupArn={Encode(groups["web"].Arn)}")).Code);
        Call(controlPlane, $"Action=DeleteTargetGroup&TargetGroupArn={Encode(groups["spare"].Arn)}");
        Call(controlPlane, $"Action=DeleteTargetGroup&TargetGroupArn={Encode(groups["spare"].Arn)}");

        Assert.Equal(["web"], controlPlane.Runtime.Current.TargetGroups.Keys);
    }

    [Fact]
    public void BindFailure_NothingChanges()
    {
        var (controlPlane, binder) = CreateSut();
        var before = controlPlane.Runtime.Current;
        binder.Fail = true;

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateListener&LoadBalancerArn={Encode(before.LoadBalancers[0].Identifiers.LoadBalancerArn)}&Protocol=HTTP&Port=81&DefaultActions.member.1.Type=fixed-response&DefaultActions.member.1.FixedResponseConfig.StatusCode=200"));

        Assert.Equal("InvalidConfigurationRequest", error.Code);
        Assert.Same(before, controlPlane.Runtime.Current);
        Assert.Single(controlPlane.State.Model.Config.LoadBalancers[0].Listeners);
    }

    [Fact]
    public void Replace_FileEdit_ResetsMovedArnsKeepsTagsOfExistingResources()
    {
        var (controlPlane, _) = CreateSut();
        var model = controlPlane.Runtime.Current;
        var rule = model.Listeners[0].Rules[0].Arn;
        Call(controlPlane, $"Action=SetRulePriorities&RulePriorities.member.1.RuleArn={Encode(rule)}&RulePriorities.member.1.Priority=20");
        Call(controlPlane, $"Action=AddTags&ResourceArns.member.1={Encode(model.TargetGroups["web"].Arn)}&ResourceArns.member.2={Encode(model.TargetGroups["spare"].Arn)}&Tags.member.1.Key=k&Tags.member.1.Value=v");

        var errors = controlPlane.Replace(AlbConfigReader.ReadJson(Config.Replace("""{ "Name": "spare", "Protocol": "HTTP", "Port": 80 }""", """{ "Name": "other", "Protocol": "HTTP", "Port": 80 }""", StringComparison.Ordinal), Directory.GetCurrentDirectory()).Config!);

        Assert.Empty(errors);
        Assert.Equal(rule, controlPlane.Runtime.Current.Listeners[0].Rules.Single().Arn);
        Assert.Equal([model.TargetGroups["web"].Arn], controlPlane.State.Tags.Keys);
    }

    [Fact]
    public void Replace_InvalidConfig_ErrorsAndNothingChanges()
    {
        var (controlPlane, _) = CreateSut();
        var before = controlPlane.Runtime.Current;

        var errors = controlPlane.Replace(AlbConfigReader.ReadJson(Config.Replace("\"Priority\": 10", "\"Priority\": 0", StringComparison.Ordinal), Directory.GetCurrentDirectory()).Config!);

        Assert.Contains(errors, e => e.Contains("Priority '0' must be between 1 and 50000", StringComparison.Ordinal));
        Assert.Same(before, controlPlane.Runtime.Current);
    }

    internal sealed class FakeBinder : IListenerBinder
    {
        public bool Fail { get; set; }

        public int Bound { get; private set; }

        public void Check(AlbConfig next)
        {
        }

        public void BindNew(EmulatorModel next)
        {
            if (Fail)
            {
                throw new AlbApiError("InvalidConfigurationRequest", "port in use");
            }

            Bound++;
        }

        public void UnbindRemoved(EmulatorModel current)
        {
        }
    }
}
