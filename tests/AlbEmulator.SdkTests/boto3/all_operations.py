"""Calls every operation of the ELBv2 model shipped with Debian's python3-boto3 against AlbEmulator.

Each error is asserted as the exception class botocore maps its modelled code to. Environment:
ALB_ENDPOINT (the admin endpoint), ALB_BACKEND_PORT (a healthy HTTP target). Exit 0 and a last line
"boto3 OK ..." when every check held; an AssertionError with the operation otherwise.
"""
import os
import sys

import boto3
import botocore
from botocore.config import Config

ENDPOINT = os.environ["ALB_ENDPOINT"]
BACKEND_PORT = int(os.environ["ALB_BACKEND_PORT"])
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
CERT2 = "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000"
GHOST_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ghost/0123456789abcdef"

client = boto3.client(
    "elbv2", endpoint_url=ENDPOINT, region_name="us-east-1",
    aws_access_key_id="test", aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1}))
called = set()
errors = []


def call(operation, **kwargs):
    called.add(operation)
    method = getattr(client, botocore.xform_name(operation))
    return method(**kwargs)


def expect(exception, operation, **kwargs):
    """The call fails with the modelled exception class (client.exceptions.<exception>)."""
    called.add(operation)
    method = getattr(client, botocore.xform_name(operation))
    try:
        method(**kwargs)
    except botocore.exceptions.ClientError as e:
        expected = getattr(client.exceptions, exception, None)
        if expected is not None:
            assert isinstance(e, expected), f"{operation}: expected {exception}, got {type(e).__name__} {e}"
        else:
            assert e.response["Error"]["Code"] == exception, f"{operation}: expected code {exception}, got {e.response['Error']['Code']}"
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] < 500, f"{operation}: {e}"
        errors.append((operation, exception))
        return e
    raise AssertionError(f"{operation} {kwargs} succeeded, expected {exception}")


# Load balancer
lbs = call("DescribeLoadBalancers")["LoadBalancers"]
assert len(lbs) == 1 and lbs[0]["LoadBalancerName"] == "sdk-alb" and lbs[0]["State"]["Code"] == "active", lbs
lb = lbs[0]["LoadBalancerArn"]
expect("LoadBalancerNotFoundException", "DescribeLoadBalancers", Names=["nope"])
attrs = {a["Key"]: a["Value"] for a in call("DescribeLoadBalancerAttributes", LoadBalancerArn=lb)["Attributes"]}
assert attrs["idle_timeout.timeout_seconds"] == "60", attrs
attrs = {a["Key"]: a["Value"] for a in call("ModifyLoadBalancerAttributes", LoadBalancerArn=lb, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "120"}])["Attributes"]}
assert attrs["idle_timeout.timeout_seconds"] == "120", attrs
e = expect("InvalidSecurityGroupException", "SetSecurityGroups", LoadBalancerArn=lb, SecurityGroups=["not-a-group"])
assert call("SetSecurityGroups", LoadBalancerArn=lb, SecurityGroups=["sg-0123abcd"])["SecurityGroupIds"] == ["sg-0123abcd"]
zones = call("SetSubnets", LoadBalancerArn=lb, Subnets=["subnet-0aa", "subnet-0bb", "subnet-0cc"])["AvailabilityZones"]
assert [z["SubnetId"] for z in zones] == ["subnet-0aa", "subnet-0bb", "subnet-0cc"] and zones[2]["ZoneName"] == "us-east-1c", zones
expect("SubnetNotFoundException", "SetSubnets", LoadBalancerArn=lb, Subnets=["subnet-0aa", "bogus"])
assert call("SetIpAddressType", LoadBalancerArn=lb, IpAddressType="dualstack")["IpAddressType"] == "dualstack"
described = call("DescribeLoadBalancers", LoadBalancerArns=[lb])["LoadBalancers"][0]
assert described["IpAddressType"] == "dualstack" and described["SecurityGroups"] == ["sg-0123abcd"] and len(described["AvailabilityZones"]) == 3, described
e = expect("LoadBalancerNotFoundException", "SetIpAddressType", LoadBalancerArn=lb.replace(lb[-16:], "0" * 16), IpAddressType="ipv4")
client_validation = None
try:
    call("SetIpAddressType", LoadBalancerArn="arn:aws:ec2:x", IpAddressType="ipv4")
except botocore.exceptions.ClientError as err:
    client_validation = err.response["Error"]["Code"]
assert client_validation == "ValidationError", client_validation

# Catalogues
policies = call("DescribeSSLPolicies", Names=["ELBSecurityPolicy-TLS13-1-2-2021-06"])["SslPolicies"]
assert policies[0]["SslProtocols"] == ["TLSv1.3", "TLSv1.2"] and any(c["Name"] == "TLS_AES_128_GCM_SHA256" for c in policies[0]["Ciphers"]), policies
assert len(call("DescribeSSLPolicies")["SslPolicies"]) > 30
expect("SSLPolicyNotFoundException", "DescribeSSLPolicies", Names=["ELBSecurityPolicy-Nope"])
limits = {l["Name"]: l["Max"] for l in call("DescribeAccountLimits")["Limits"]}
assert limits["application-load-balancers"] == "50" and limits["rules-per-application-load-balancer"] == "100", limits

# Target groups and targets
web = call("DescribeTargetGroups", Names=["web"])["TargetGroups"][0]
assert web["LoadBalancerArns"] == [lb], web
expect("TargetGroupNotFoundException", "DescribeTargetGroups", Names=["nope"])
tg = call("CreateTargetGroup", Name="sdk-api", Protocol="HTTP", Port=80, VpcId="vpc-0abc", TargetType="ip", IpAddressType="ipv4",
          HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2, HealthyThresholdCount=2)["TargetGroups"][0]
assert tg["VpcId"] == "vpc-0abc", tg
expect("DuplicateTargetGroupNameException", "CreateTargetGroup", Name="sdk-api", Protocol="HTTP", Port=81)
tg_arn = tg["TargetGroupArn"]
assert call("ModifyTargetGroup", TargetGroupArn=tg_arn, HealthCheckPath="/healthz")["TargetGroups"][0]["HealthCheckPath"] == "/healthz"
expect("TargetGroupNotFoundException", "ModifyTargetGroup", TargetGroupArn=GHOST_TG, HealthCheckPath="/x")
tga = {a["Key"]: a["Value"] for a in call("DescribeTargetGroupAttributes", TargetGroupArn=tg_arn)["Attributes"]}
assert tga["deregistration_delay.timeout_seconds"] == "300", tga
tga = {a["Key"]: a["Value"] for a in call("ModifyTargetGroupAttributes", TargetGroupArn=tg_arn, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "0"}])["Attributes"]}
assert tga["deregistration_delay.timeout_seconds"] == "0", tga
call("RegisterTargets", TargetGroupArn=tg_arn, Targets=[{"Id": "127.0.0.1", "Port": BACKEND_PORT}])
expect("InvalidTargetException", "RegisterTargets", TargetGroupArn=tg_arn, Targets=[{"Id": "not an ip"}])
health = call("DescribeTargetHealth", TargetGroupArn=tg_arn)["TargetHealthDescriptions"]
assert health[0]["Target"]["Port"] == BACKEND_PORT, health
expect("InvalidTargetException", "DeregisterTargets", TargetGroupArn=tg_arn, Targets=[{"Id": "127.0.0.1", "Port": 1}])

# Listeners, certificates, attributes
listener = call("DescribeListeners", LoadBalancerArn=lb)["Listeners"][0]
expect("ListenerNotFoundException", "DescribeListeners", ListenerArns=[listener["ListenerArn"][:-16] + "0" * 16])
https = call("CreateListener", LoadBalancerArn=lb, Protocol="HTTPS", Port=8443, Certificates=[{"CertificateArn": CERT}],
             DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}])["Listeners"][0]
expect("DuplicateListenerException", "CreateListener", LoadBalancerArn=lb, Protocol="HTTP", Port=8443,
       DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "204"}}])
expect("SSLPolicyNotFoundException", "CreateListener", LoadBalancerArn=lb, Protocol="HTTPS", Port=8444, SslPolicy="ELBSecurityPolicy-Nope",
       Certificates=[{"CertificateArn": CERT}], DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}])
https_arn = https["ListenerArn"]
added = call("AddListenerCertificates", ListenerArn=https_arn, Certificates=[{"CertificateArn": CERT2}])["Certificates"]
assert added == [{"CertificateArn": CERT2, "IsDefault": False}], added
certs = call("DescribeListenerCertificates", ListenerArn=https_arn)["Certificates"]
assert [(c["CertificateArn"], c["IsDefault"]) for c in certs] == [(CERT, True), (CERT2, False)], certs
expect("CertificateNotFoundException", "AddListenerCertificates", ListenerArn=https_arn, Certificates=[{"CertificateArn": "bogus"}])
call("RemoveListenerCertificates", ListenerArn=https_arn, Certificates=[{"CertificateArn": CERT2}])
assert len(call("DescribeListenerCertificates", ListenerArn=https_arn)["Certificates"]) == 1
expect("OperationNotPermittedException", "RemoveListenerCertificates", ListenerArn=https_arn, Certificates=[{"CertificateArn": CERT}])
modified = call("ModifyListener", ListenerArn=https_arn, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06")["Listeners"][0]
assert modified["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06", modified
expect("ListenerNotFoundException", "ModifyListener", ListenerArn=https_arn[:-16] + "0" * 16, Port=9999)

# Rules
rule = call("CreateRule", ListenerArn=listener["ListenerArn"], Priority=10,
            Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}],
            Actions=[{"Type": "forward", "TargetGroupArn": tg_arn}])["Rules"][0]
expect("PriorityInUseException", "CreateRule", ListenerArn=listener["ListenerArn"], Priority=10,
       Conditions=[{"Field": "path-pattern", "Values": ["/b"]}], Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}])
expect("TargetGroupNotFoundException", "CreateRule", ListenerArn=listener["ListenerArn"], Priority=11,
       Conditions=[{"Field": "path-pattern", "Values": ["/b"]}], Actions=[{"Type": "forward", "TargetGroupArn": GHOST_TG}])
rules = call("DescribeRules", ListenerArn=listener["ListenerArn"])["Rules"]
assert [r["Priority"] for r in rules] == ["10", "default"], rules
expect("RuleNotFoundException", "DescribeRules", RuleArns=[rule["RuleArn"][:-16] + "0" * 16])
call("ModifyRule", RuleArn=rule["RuleArn"], Conditions=[{"Field": "path-pattern", "Values": ["/v2/*"]}])
moved = call("SetRulePriorities", RulePriorities=[{"RuleArn": rule["RuleArn"], "Priority": 20}])["Rules"]
assert moved[0]["Priority"] == "20" and moved[0]["RuleArn"] == rule["RuleArn"], moved
default_rule = [r for r in rules if r["IsDefault"]][0]
expect("OperationNotPermittedException", "DeleteRule", RuleArn=default_rule["RuleArn"])
expect("ResourceInUseException", "DeleteTargetGroup", TargetGroupArn=tg_arn)

# Tags
call("AddTags", ResourceArns=[lb, tg_arn, https_arn, rule["RuleArn"]], Tags=[{"Key": "env", "Value": "test"}])
tags = call("DescribeTags", ResourceArns=[lb, tg_arn])["TagDescriptions"]
assert all(t["Tags"] == [{"Key": "env", "Value": "test"}] for t in tags), tags
expect("DuplicateTagKeysException", "AddTags", ResourceArns=[lb], Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])
e = expect("ValidationError", "AddTags", ResourceArns=[lb], Tags=[{"Key": "aws:reserved", "Value": "1"}])
expect("TooManyTagsException", "AddTags", ResourceArns=[lb], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
call("RemoveTags", ResourceArns=[lb], TagKeys=["env"])
assert call("DescribeTags", ResourceArns=[lb])["TagDescriptions"][0]["Tags"] == []
expect("TargetGroupNotFoundException", "DescribeTags", ResourceArns=[GHOST_TG])

# Teardown of what was created
call("DeleteRule", RuleArn=rule["RuleArn"])
expect("RuleNotFoundException", "DeleteRule", RuleArn=rule["RuleArn"])
call("DeregisterTargets", TargetGroupArn=tg_arn, Targets=[{"Id": "127.0.0.1", "Port": BACKEND_PORT}])
call("DeleteTargetGroup", TargetGroupArn=tg_arn)
call("DeleteListener", ListenerArn=https_arn)
expect("ListenerNotFoundException", "DeleteListener", ListenerArn=https_arn)

# Load balancer lifecycle: several load balancers per process, each its own ARN
second = call("CreateLoadBalancer", Name="second-alb", Subnets=["subnet-0aa", "subnet-0bb"])["LoadBalancers"][0]
assert second["LoadBalancerArn"] != lb, second
assert sorted(b["LoadBalancerName"] for b in call("DescribeLoadBalancers")["LoadBalancers"]) == ["sdk-alb", "second-alb"]
call("DeleteLoadBalancer", LoadBalancerArn=second["LoadBalancerArn"])
client.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[second["LoadBalancerArn"]], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
# The same name with the same settings (scheme, IP address type) is idempotent and returns the same load balancer
same = call("CreateLoadBalancer", Name="sdk-alb", IpAddressType="dualstack")["LoadBalancers"][0]
expect("DuplicateLoadBalancerNameException", "CreateLoadBalancer", Name="sdk-alb", IpAddressType="ipv4")
assert same["LoadBalancerArn"] == lb, same
call("ModifyLoadBalancerAttributes", LoadBalancerArn=lb, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}])
expect("OperationNotPermittedException", "DeleteLoadBalancer", LoadBalancerArn=lb)
call("ModifyLoadBalancerAttributes", LoadBalancerArn=lb, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}])
call("DeleteLoadBalancer", LoadBalancerArn=lb)
client.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lb], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
assert call("DescribeLoadBalancers")["LoadBalancers"] == []
call("DeleteLoadBalancer", LoadBalancerArn=lb)
expect("InvalidSchemeException", "CreateLoadBalancer", Name="again", Scheme="public")
again = call("CreateLoadBalancer", Name="again", Subnets=["subnet-0aa", "subnet-0bb"], Scheme="internal", Tags=[{"Key": "team", "Value": "x"}])["LoadBalancers"][0]
assert again["State"]["Code"] == "provisioning" and again["Scheme"] == "internal", again
client.get_waiter("load_balancer_available").wait(Names=["again"], WaiterConfig={"Delay": 1, "MaxAttempts": 20})

missing = set(client.meta.service_model.operation_names) - called - set(os.environ.get("ALB_NOT_CALLED", "").split(","))
assert not missing, f"operations of the model not called: {sorted(missing)}"
print(f"boto3 OK {boto3.__version__}: {len(called)} operations called, {len(errors)} errors asserted as their modelled classes")
