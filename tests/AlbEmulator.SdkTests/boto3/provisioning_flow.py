"""Provisioning flow through boto3 from an emulator with no load balancer ("LoadBalancers": []):
CreateLoadBalancer -> target group -> targets -> listener -> rule -> real traffic -> teardown, with the
waiters load_balancer_available, target_in_service, target_deregistered and load_balancers_deleted.
Environment: ALB_ENDPOINT, ALB_BACKEND_PORT (an HTTP target answering its name), ALB_LISTENER_PORT (free).
"""
import os
import socket
import urllib.request

import boto3
from botocore.config import Config

ENDPOINT = os.environ["ALB_ENDPOINT"]
BACKEND_PORT = int(os.environ["ALB_BACKEND_PORT"])
PORT = int(os.environ["ALB_LISTENER_PORT"])
FAST = {"Delay": 1, "MaxAttempts": 60}

elbv2 = boto3.client("elbv2", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))


def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


assert elbv2.describe_load_balancers()["LoadBalancers"] == []
lb = elbv2.create_load_balancer(Name="provisioned", Subnets=["subnet-0a1", "subnet-0b2"], SecurityGroups=["sg-0c3"])["LoadBalancers"][0]
assert lb["State"]["Code"] == "provisioning", lb
elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb["LoadBalancerArn"]], WaiterConfig=FAST)

tg = elbv2.create_target_group(Name="app", Protocol="HTTP", Port=80, VpcId="vpc-0abc", TargetType="ip",
                               HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2, HealthyThresholdCount=2)["TargetGroups"][0]
elbv2.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "0"}])
listener = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=PORT,
                                 DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no route"}}])["Listeners"][0]
rule = elbv2.create_rule(ListenerArn=listener["ListenerArn"], Priority=1, Conditions=[{"Field": "path-pattern", "Values": ["/app/*"]}],
                         Actions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])["Rules"][0]
target = {"Id": "127.0.0.1", "Port": BACKEND_PORT}
elbv2.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[target])
elbv2.get_waiter("target_in_service").wait(TargetGroupArn=tg["TargetGroupArn"], Targets=[target], WaiterConfig=FAST)

status, body = get("/app/x")
assert status == 200 and "sdk-backend" in body, (status, body)
status, body = get("/other")
assert (status, body) == (404, "no route"), (status, body)

elbv2.deregister_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[target])
elbv2.get_waiter("target_deregistered").wait(TargetGroupArn=tg["TargetGroupArn"], Targets=[target], WaiterConfig=FAST)
assert get("/app/x")[0] == 503

elbv2.delete_rule(RuleArn=rule["RuleArn"])
elbv2.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
elbv2.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lb["LoadBalancerArn"]], WaiterConfig=FAST)
elbv2.delete_target_group(TargetGroupArn=tg["TargetGroupArn"])

# The listener's port is closed with its load balancer.
with socket.socket() as s:
    s.settimeout(5)
    refused = s.connect_ex(("127.0.0.1", PORT)) != 0
assert refused, f"port {PORT} still accepts connections"
assert elbv2.describe_target_groups()["TargetGroups"] == []
print("boto3 provisioning flow OK")
