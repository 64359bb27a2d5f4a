"""Provisioning flow through boto3 over TWO load balancers from an emulator with none ("LoadBalancers": []):
CreateLoadBalancer x2 -> a target group each -> targets -> a listener each -> rules -> real traffic through each
(each answers by its own rules) -> teardown, with the waiters load_balancer_available, target_in_service,
target_deregistered and load_balancers_deleted.
Environment: ALB_ENDPOINT, ALB_BACKEND_PORT (an HTTP target answering its name), ALB_LISTENER_PORTS (two free ports).
"""
import os
import socket
import urllib.request

import boto3
from botocore.config import Config

ENDPOINT = os.environ["ALB_ENDPOINT"]
BACKEND_PORT = int(os.environ["ALB_BACKEND_PORT"])
PORTS = [int(p) for p in os.environ["ALB_LISTENER_PORTS"].split(",")]
FAST = {"Delay": 1, "MaxAttempts": 60}
NAMES = ["blue", "green"]
PATHS = {"blue": "/app/*", "green": "/api/*"}

elbv2 = boto3.client("elbv2", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


assert elbv2.describe_load_balancers()["LoadBalancers"] == []
lbs = {}
for name in NAMES:
    lb = elbv2.create_load_balancer(Name=name, Subnets=["subnet-0a1", "subnet-0b2"], SecurityGroups=["sg-0c3"])["LoadBalancers"][0]
    assert lb["State"]["Code"] == "provisioning", lb
    lbs[name] = lb
assert len({lb["LoadBalancerArn"] for lb in lbs.values()}) == 2
assert len({lb["DNSName"] for lb in lbs.values()}) == 2
elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb["LoadBalancerArn"] for lb in lbs.values()], WaiterConfig=FAST)
assert sorted(lb["LoadBalancerName"] for lb in elbv2.describe_load_balancers()["LoadBalancers"]) == NAMES

groups, listeners, rules = {}, {}, {}
target = {"Id": "127.0.0.1", "Port": BACKEND_PORT}
for name, port in zip(NAMES, PORTS):
    tg = elbv2.create_target_group(Name=f"{name}-app", Protocol="HTTP", Port=80, VpcId="vpc-0abc", TargetType="ip",
                                   HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2, HealthyThresholdCount=2)["TargetGroups"][0]
    elbv2.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "0"}])
    listener = elbv2.create_listener(LoadBalancerArn=lbs[name]["LoadBalancerArn"], Protocol="HTTP", Port=port,
                                     DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": f"{name}: no route"}}])["Listeners"][0]
    rule = elbv2.create_rule(ListenerArn=listener["ListenerArn"], Priority=1, Conditions=[{"Field": "path-pattern", "Values": [PATHS[name]]}],
                             Actions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])["Rules"][0]
    elbv2.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[target])
    groups[name], listeners[name], rules[name] = tg, listener, rule

for name in NAMES:
    elbv2.get_waiter("target_in_service").wait(TargetGroupArn=groups[name]["TargetGroupArn"], Targets=[target], WaiterConfig=FAST)
    # Describe* is filtered per load balancer.
    described = elbv2.describe_listeners(LoadBalancerArn=lbs[name]["LoadBalancerArn"])["Listeners"]
    assert [l["ListenerArn"] for l in described] == [listeners[name]["ListenerArn"]], described
    assert groups[name]["TargetGroupArn"] in [g["TargetGroupArn"] for g in elbv2.describe_target_groups(LoadBalancerArn=lbs[name]["LoadBalancerArn"])["TargetGroups"]]

# Real traffic: each load balancer answers by its own rules.
blue, green = PORTS
status, body = get(blue, "/app/x")
assert status == 200 and "sdk-backend" in body, (status, body)
assert get(blue, "/api/x") == (404, "blue: no route"), get(blue, "/api/x")
status, body = get(green, "/api/x")
assert status == 200 and "sdk-backend" in body, (status, body)
assert get(green, "/app/x") == (404, "green: no route"), get(green, "/app/x")

# Deregistering blue's target leaves green serving.
elbv2.deregister_targets(TargetGroupArn=groups["blue"]["TargetGroupArn"], Targets=[target])
elbv2.get_waiter("target_deregistered").wait(TargetGroupArn=groups["blue"]["TargetGroupArn"], Targets=[target], WaiterConfig=FAST)
assert get(blue, "/app/x")[0] == 503
assert get(green, "/api/x")[0] == 200
elbv2.deregister_targets(TargetGroupArn=groups["green"]["TargetGroupArn"], Targets=[target])
elbv2.get_waiter("target_deregistered").wait(TargetGroupArn=groups["green"]["TargetGroupArn"], Targets=[target], WaiterConfig=FAST)

# Teardown: deleting blue closes its port only; then green.
for name in NAMES:
    elbv2.delete_rule(RuleArn=rules[name]["RuleArn"])
elbv2.delete_load_balancer(LoadBalancerArn=lbs["blue"]["LoadBalancerArn"])
elbv2.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lbs["blue"]["LoadBalancerArn"]], WaiterConfig=FAST)
assert get(green, "/app/x") == (404, "green: no route")
elbv2.delete_load_balancer(LoadBalancerArn=lbs["green"]["LoadBalancerArn"])
elbv2.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lb["LoadBalancerArn"] for lb in lbs.values()], WaiterConfig=FAST)
for name in NAMES:
    elbv2.delete_target_group(TargetGroupArn=groups[name]["TargetGroupArn"])

for port in PORTS:
    with socket.socket() as s:
        s.settimeout(5)
        refused = s.connect_ex(("127.0.0.1", port)) != 0
    assert refused, f"port {port} still accepts connections"
assert elbv2.describe_load_balancers()["LoadBalancers"] == []
assert elbv2.describe_target_groups()["TargetGroups"] == []
print("boto3 two load balancers provisioning flow OK")
