// The implemented ELBv2 operations through the AWS SDK for JavaScript v3 (exact version in
// package-lock.json), each error asserted as its modelled exception class. Environment: ALB_ENDPOINT,
// ALB_BACKEND_PORT, ALB_BUCKET (the local directory of TrustStoreFiles). Prints "js-sdk OK ..." and exits 0 when every check held.
import assert from "node:assert/strict";
import * as elb from "@aws-sdk/client-elastic-load-balancing-v2";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const client = new elb.ElasticLoadBalancingV2Client({
  endpoint: process.env.ALB_ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});
const called = new Set();
let errors = 0;
const GHOST_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ghost/0123456789abcdef";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

async function call(name, input = {}) {
  called.add(name);
  return client.send(new elb[`${name}Command`](input));
}

async function expect(exception, name, input) {
  called.add(name);
  try {
    await client.send(new elb[`${name}Command`](input));
  } catch (e) {
    const modelled = elb[exception];
    if (modelled) {
      assert.ok(e instanceof modelled, `${name}: expected ${exception}, got ${e.name}: ${e.message}`);
    } else {
      assert.equal(e.name, exception, `${name}: ${e.message}`);
    }
    assert.ok(e.$metadata.httpStatusCode < 500, `${name}: ${e.$metadata.httpStatusCode}`);
    errors++;
    return e;
  }
  assert.fail(`${name} succeeded, expected ${exception}`);
}

const [lb] = (await call("DescribeLoadBalancers")).LoadBalancers;
assert.equal(lb.LoadBalancerName, "sdk-alb");
const lbArn = lb.LoadBalancerArn;
await expect("LoadBalancerNotFoundException", "DescribeLoadBalancers", { Names: ["nope"] });
await call("DescribeLoadBalancerAttributes", { LoadBalancerArn: lbArn });
await call("ModifyLoadBalancerAttributes", { LoadBalancerArn: lbArn, Attributes: [{ Key: "idle_timeout.timeout_seconds", Value: "90" }] });
assert.deepEqual((await call("SetSecurityGroups", { LoadBalancerArn: lbArn, SecurityGroups: ["sg-0abc"] })).SecurityGroupIds, ["sg-0abc"]);
await expect("InvalidSecurityGroupException", "SetSecurityGroups", { LoadBalancerArn: lbArn, SecurityGroups: ["x"] });
assert.equal((await call("SetSubnets", { LoadBalancerArn: lbArn, Subnets: ["subnet-0a", "subnet-0b"] })).AvailabilityZones.length, 2);
await expect("SubnetNotFoundException", "SetSubnets", { LoadBalancerArn: lbArn, Subnets: ["subnet-0a", "nope"] });
assert.equal((await call("SetIpAddressType", { LoadBalancerArn: lbArn, IpAddressType: "dualstack" })).IpAddressType, "dualstack");
await call("ModifyCapacityReservation", { LoadBalancerArn: lbArn, MinimumLoadBalancerCapacity: { CapacityUnits: 200 } });
assert.equal((await call("DescribeCapacityReservation", { LoadBalancerArn: lbArn })).MinimumLoadBalancerCapacity.CapacityUnits, 200);
await expect("CapacityUnitsLimitExceededException", "ModifyCapacityReservation", { LoadBalancerArn: lbArn, MinimumLoadBalancerCapacity: { CapacityUnits: 10 } });
assert.equal((await call("ModifyIpPools", { LoadBalancerArn: lbArn, IpamPools: { Ipv4IpamPoolId: "ipam-pool-0abc" } })).IpamPools.Ipv4IpamPoolId, "ipam-pool-0abc");
const [policy] = (await call("DescribeSSLPolicies", { Names: ["ELBSecurityPolicy-2016-08"] })).SslPolicies;
assert.deepEqual(policy.SslProtocols, ["TLSv1.2", "TLSv1.1", "TLSv1"]);
await expect("SSLPolicyNotFoundException", "DescribeSSLPolicies", { Names: ["ELBSecurityPolicy-Nope"] });
assert.ok((await call("DescribeAccountLimits")).Limits.length > 10);

const [web] = (await call("DescribeTargetGroups", { Names: ["web"] })).TargetGroups;
await expect("TargetGroupNotFoundException", "DescribeTargetGroups", { TargetGroupArns: [GHOST_TG] });
const [tg] = (await call("CreateTargetGroup", { Name: "js-api", Protocol: "HTTP", Port: 80, VpcId: "vpc-0abc", IpAddressType: "ipv6" })).TargetGroups;
assert.equal(tg.IpAddressType, "ipv6");
await expect("DuplicateTargetGroupNameException", "CreateTargetGroup", { Name: "js-api", Protocol: "HTTP", Port: 81 });
await call("ModifyTargetGroup", { TargetGroupArn: tg.TargetGroupArn, HealthCheckPath: "/h" });
await call("DescribeTargetGroupAttributes", { TargetGroupArn: tg.TargetGroupArn });
await call("ModifyTargetGroupAttributes", { TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "0" }] });
const target = { Id: "127.0.0.1", Port: Number(process.env.ALB_BACKEND_PORT) };
await call("RegisterTargets", { TargetGroupArn: web.TargetGroupArn, Targets: [target] });
assert.equal((await call("DescribeTargetHealth", { TargetGroupArn: web.TargetGroupArn })).TargetHealthDescriptions[0].Target.Port, target.Port);
await expect("InvalidTargetException", "DeregisterTargets", { TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: "127.0.0.1", Port: 1 }] });
await call("DeregisterTargets", { TargetGroupArn: web.TargetGroupArn, Targets: [target] });

const [listener] = (await call("DescribeListeners", { LoadBalancerArn: lbArn })).Listeners;
await expect("ListenerNotFoundException", "DescribeListeners", { ListenerArns: [listener.ListenerArn.slice(0, -16) + "0".repeat(16)] });
const [https] = (await call("CreateListener", { LoadBalancerArn: lbArn, Protocol: "HTTPS", Port: 8443, Certificates: [{ CertificateArn: CERT }],
  DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "200" } }] })).Listeners;
await expect("DuplicateListenerException", "CreateListener", { LoadBalancerArn: lbArn, Protocol: "HTTP", Port: 8443,
  DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "204" } }] });
await call("ModifyListener", { ListenerArn: https.ListenerArn, SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
await call("AddListenerCertificates", { ListenerArn: https.ListenerArn, Certificates: [{ CertificateArn: CERT.replace("1111", "9999") }] });
assert.equal((await call("DescribeListenerCertificates", { ListenerArn: https.ListenerArn })).Certificates.length, 2);
await call("RemoveListenerCertificates", { ListenerArn: https.ListenerArn, Certificates: [{ CertificateArn: CERT.replace("1111", "9999") }] });
await expect("CertificateNotFoundException", "AddListenerCertificates", { ListenerArn: https.ListenerArn, Certificates: [{ CertificateArn: "nope" }] });
const attributes = (await call("ModifyListenerAttributes", { ListenerArn: https.ListenerArn, Attributes: [{ Key: "routing.http.response.server.enabled", Value: "false" }] })).Attributes;
assert.equal(attributes.find(a => a.Key === "routing.http.response.server.enabled").Value, "false");
assert.equal((await call("DescribeListenerAttributes", { ListenerArn: https.ListenerArn })).Attributes.find(a => a.Key === "routing.http.response.server.enabled").Value, "false");

const [rule] = (await call("CreateRule", { ListenerArn: listener.ListenerArn, Priority: 3, Conditions: [{ Field: "path-pattern", Values: ["/js/*"] }],
  Actions: [{ Type: "forward", TargetGroupArn: tg.TargetGroupArn }] })).Rules;
await expect("PriorityInUseException", "CreateRule", { ListenerArn: listener.ListenerArn, Priority: 3, Conditions: [{ Field: "path-pattern", Values: ["/x"] }],
  Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "200" } }] });
await call("DescribeRules", { ListenerArn: listener.ListenerArn });
await call("ModifyRule", { RuleArn: rule.RuleArn, Conditions: [{ Field: "path-pattern", Values: ["/js2/*"] }] });
await call("SetRulePriorities", { RulePriorities: [{ RuleArn: rule.RuleArn, Priority: 4 }] });
await expect("ResourceInUseException", "DeleteTargetGroup", { TargetGroupArn: tg.TargetGroupArn });
await call("AddTags", { ResourceArns: [lbArn, rule.RuleArn], Tags: [{ Key: "k", Value: "v" }] });
await expect("DuplicateTagKeysException", "AddTags", { ResourceArns: [lbArn], Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] });
assert.deepEqual((await call("DescribeTags", { ResourceArns: [lbArn] })).TagDescriptions[0].Tags, [{ Key: "k", Value: "v" }]);
await call("RemoveTags", { ResourceArns: [lbArn], TagKeys: ["k"] });
await call("DeleteRule", { RuleArn: rule.RuleArn });
await expect("RuleNotFoundException", "DeleteRule", { RuleArn: rule.RuleArn });

// Trust stores: the [ext] S3 bucket is a local directory (ALB_BUCKET), the key a file in it.
const bucket = process.env.ALB_BUCKET;
const [store] = (await call("CreateTrustStore", { Name: "js-clients", CaCertificatesBundleS3Bucket: bucket, CaCertificatesBundleS3Key: "ca.pem",
  Tags: [{ Key: "team", Value: "edge" }] })).TrustStores;
const TrustStoreArn = store.TrustStoreArn;
assert.deepEqual([store.Name, store.Status, store.NumberOfCaCertificates, store.TotalRevokedEntries], ["js-clients", "ACTIVE", 1, 0]);
await expect("DuplicateTrustStoreNameException", "CreateTrustStore", { Name: "js-clients", CaCertificatesBundleS3Bucket: bucket, CaCertificatesBundleS3Key: "ca.pem" });
await expect("CaCertificatesBundleNotFoundException", "CreateTrustStore", { Name: "js-none", CaCertificatesBundleS3Bucket: bucket, CaCertificatesBundleS3Key: "none.pem" });
await expect("InvalidCaCertificatesBundleException", "CreateTrustStore", { Name: "js-bad", CaCertificatesBundleS3Bucket: bucket, CaCertificatesBundleS3Key: "bad.pem" });
assert.equal((await call("DescribeTrustStores", { Names: ["js-clients"] })).TrustStores[0].TrustStoreArn, TrustStoreArn);
await expect("TrustStoreNotFoundException", "DescribeTrustStores", { Names: ["nope"] });
assert.deepEqual((await call("DescribeTags", { ResourceArns: [TrustStoreArn] })).TagDescriptions[0].Tags, [{ Key: "team", Value: "edge" }]);
const [revocation] = (await call("AddTrustStoreRevocations", { TrustStoreArn, RevocationContents: [{ S3Bucket: bucket, S3Key: "crl.pem", RevocationType: "CRL" }] })).TrustStoreRevocations;
assert.deepEqual([revocation.RevocationId, revocation.NumberOfRevokedEntries, revocation.RevocationType], [1, 1, "CRL"]);
await expect("InvalidRevocationContentException", "AddTrustStoreRevocations", { TrustStoreArn, RevocationContents: [{ S3Bucket: bucket, S3Key: "forged-crl.pem" }] });
await expect("RevocationContentNotFoundException", "AddTrustStoreRevocations", { TrustStoreArn, RevocationContents: [{ S3Bucket: bucket, S3Key: "none.pem" }] });
assert.equal((await call("DescribeTrustStoreRevocations", { TrustStoreArn })).TrustStoreRevocations[0].RevocationId, 1);
await expect("RevocationIdNotFoundException", "DescribeTrustStoreRevocations", { TrustStoreArn, RevocationIds: [99] });
const crlLocation = (await call("GetTrustStoreRevocationContent", { TrustStoreArn, RevocationId: 1 })).Location;
assert.equal((await (await fetch(crlLocation)).text()).trim(), readFileSync(join(bucket, "crl.pem"), "utf8").trim());
await expect("RevocationIdNotFoundException", "GetTrustStoreRevocationContent", { TrustStoreArn, RevocationId: 7 });
await call("RemoveTrustStoreRevocations", { TrustStoreArn, RevocationIds: [1] });
await expect("RevocationIdNotFoundException", "RemoveTrustStoreRevocations", { TrustStoreArn, RevocationIds: [1] });
assert.equal((await call("ModifyTrustStore", { TrustStoreArn, CaCertificatesBundleS3Bucket: bucket, CaCertificatesBundleS3Key: "other.pem" })).TrustStores[0].NumberOfCaCertificates, 1);
const bundleLocation = (await call("GetTrustStoreCaCertificatesBundle", { TrustStoreArn })).Location;
assert.equal(await (await fetch(bundleLocation)).text(), readFileSync(join(bucket, "other.pem"), "utf8"));
await call("ModifyListener", { ListenerArn: https.ListenerArn, MutualAuthentication: { Mode: "verify", TrustStoreArn } });
assert.deepEqual((await call("DescribeTrustStoreAssociations", { TrustStoreArn })).TrustStoreAssociations, [{ ResourceArn: lbArn }]);
await expect("TrustStoreInUseException", "DeleteTrustStore", { TrustStoreArn });
await expect("DeleteAssociationSameAccountException", "DeleteSharedTrustStoreAssociation", { TrustStoreArn, ResourceArn: lbArn });
await expect("TrustStoreAssociationNotFoundException", "DeleteSharedTrustStoreAssociation", { TrustStoreArn, ResourceArn: tg.TargetGroupArn });
await expect("ResourceNotFoundException", "GetResourcePolicy", { ResourceArn: TrustStoreArn });
await call("ModifyListener", { ListenerArn: https.ListenerArn, MutualAuthentication: { Mode: "off" } });
await call("DeleteTrustStore", { TrustStoreArn });
await expect("TrustStoreNotFoundException", "DeleteTrustStore", { TrustStoreArn });

await call("DeleteTargetGroup", { TargetGroupArn: tg.TargetGroupArn });
await call("DeleteListener", { ListenerArn: https.ListenerArn });

const [other] = (await call("CreateLoadBalancer", { Name: "other", Subnets: ["subnet-0a", "subnet-0b"] })).LoadBalancers;
assert.notEqual(other.LoadBalancerArn, lbArn);
assert.equal((await call("DescribeLoadBalancers")).LoadBalancers.length, 2);
await call("DeleteLoadBalancer", { LoadBalancerArn: other.LoadBalancerArn });
await call("DeleteLoadBalancer", { LoadBalancerArn: lbArn });
assert.deepEqual((await call("DescribeLoadBalancers")).LoadBalancers, []);
const [created] = (await call("CreateLoadBalancer", { Name: "js-alb", Subnets: ["subnet-0a", "subnet-0b"] })).LoadBalancers;
assert.equal(created.State.Code, "provisioning");

const modelled = Object.keys(elb).filter(k => k.endsWith("Command") && k !== "$Command").map(k => k.slice(0, -"Command".length));
const notCalled = modelled.filter(n => !called.has(n));
assert.deepEqual(notCalled, [], `operations not called: ${notCalled}`);
console.log(`js-sdk OK: ${called.size} of ${modelled.length} operations called, ${errors} errors asserted as their modelled classes`);
