"""The ELBv2 trust-store operations and GetResourcePolicy through boto3.

Debian's python3-boto3 (1.26) predates them, so the script hands botocore a newer ELBv2 model through
AWS_DATA_PATH: the one of the AWS SDK for JavaScript v2 (npm aws-sdk, lock file in ../js; ALB_ELBV2_MODEL),
un-minified into botocore's layout. That model carries no error shapes, so errors are asserted by their
modelled code (the exception classes are asserted by the JS SDK v3 test). Environment: ALB_ENDPOINT,
ALB_BUCKET (the local directory of TrustStoreFiles), ALB_ELBV2_MODEL. Exit 0 and a last line "boto3 trust stores OK ..." when every check held.
"""
import json
import os
import tempfile
import urllib.request

ENDPOINT = os.environ["ALB_ENDPOINT"]
BUCKET = os.environ["ALB_BUCKET"]
REF_KEYS = {"resultWrapper", "locationName", "location", "queryName", "xmlNamespace"}


def botocore_model(minified):
    """The JS SDK v2 ships its models minified: nested shapes inline, '{}' for a string. botocore wants
    every nested shape named; this names them (_Inline1, ...) and keeps reference-only keys on the reference."""
    shapes = dict(minified["shapes"])
    counter = [0]

    def ref(node):
        if "shape" in node:
            return node
        shape = {k: v for k, v in node.items() if k not in ("resultWrapper",)}
        shape.setdefault("type", "string")
        if "members" in shape:
            shape["members"] = {k: ref(v) for k, v in shape["members"].items()}
        for key in ("member", "key", "value"):
            if key in shape:
                shape[key] = ref(shape[key])
        counter[0] += 1
        name = f"_Inline{counter[0]}"
        shapes[name] = shape
        return {"shape": name, **{k: v for k, v in node.items() if k in REF_KEYS}}

    for name, shape in list(shapes.items()):
        shape.setdefault("type", "string")
        if "members" in shape:
            shape["members"] = {k: ref(v) for k, v in shape["members"].items()}
        for key in ("member", "key", "value"):
            if key in shape:
                shape[key] = ref(shape[key])
    operations = {}
    for name, operation in minified["operations"].items():
        operation = dict(operation, name=name, http={"method": "POST", "requestUri": "/"})
        for key in ("input", "output"):
            if key in operation:
                operation[key] = ref(operation[key])
        operations[name] = operation
    return dict(minified, operations=operations, shapes=shapes)


models = tempfile.mkdtemp(prefix="botocore-models-")
os.makedirs(os.path.join(models, "elbv2", "2015-12-01"))
with open(os.environ["ALB_ELBV2_MODEL"], encoding="utf-8") as f:
    model = botocore_model(json.load(f))
with open(os.path.join(models, "elbv2", "2015-12-01", "service-2.json"), "w", encoding="utf-8") as f:
    json.dump(model, f)
os.environ["AWS_DATA_PATH"] = models

import boto3  # noqa: E402 (AWS_DATA_PATH first)
import botocore  # noqa: E402
from botocore.config import Config  # noqa: E402

client = boto3.client(
    "elbv2", endpoint_url=ENDPOINT, region_name="us-east-1",
    aws_access_key_id="test", aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1}))
operations = {o for o in client.meta.service_model.operation_names if "TrustStore" in o or o == "GetResourcePolicy"}
assert len(operations) == 12, f"the model handed through AWS_DATA_PATH lacks the trust-store operations: {sorted(operations)}"
called = set()
errors = []


def call(operation, **kwargs):
    called.add(operation)
    return getattr(client, botocore.xform_name(operation))(**kwargs)


def expect(code, operation, **kwargs):
    """The call fails with the modelled error code, a 400."""
    called.add(operation)
    try:
        getattr(client, botocore.xform_name(operation))(**kwargs)
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == code, f"{operation}: expected {code}, got {e.response['Error']}"
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, f"{operation}: {e}"
        errors.append((operation, code))
        return e
    raise AssertionError(f"{operation} {kwargs} succeeded, expected {code}")


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def read(name):
    with open(os.path.join(BUCKET, name), encoding="utf-8") as f:
        return f.read()


lb = client.describe_load_balancers()["LoadBalancers"][0]["LoadBalancerArn"]
store = call("CreateTrustStore", Name="py-clients", CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="ca.pem")["TrustStores"][0]
arn = store["TrustStoreArn"]
assert (store["Name"], store["Status"], store["NumberOfCaCertificates"], store["TotalRevokedEntries"]) == ("py-clients", "ACTIVE", 1, 0), store
expect("DuplicateTrustStoreName", "CreateTrustStore", Name="py-clients", CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="ca.pem")
expect("CaCertificatesBundleNotFound", "CreateTrustStore", Name="py-none", CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="none.pem")
expect("InvalidCaCertificatesBundle", "CreateTrustStore", Name="py-bad", CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="bad.pem")
expect("ValidationError", "CreateTrustStore", Name="under_score", CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="ca.pem")
assert [s["TrustStoreArn"] for s in call("DescribeTrustStores")["TrustStores"]] == [arn]
expect("TrustStoreNotFound", "DescribeTrustStores", TrustStoreArns=[arn[:-16] + "0" * 16])

revocation = call("AddTrustStoreRevocations", TrustStoreArn=arn, RevocationContents=[{"S3Bucket": BUCKET, "S3Key": "crl.pem", "RevocationType": "CRL"}])["TrustStoreRevocations"][0]
assert (revocation["RevocationId"], revocation["NumberOfRevokedEntries"]) == (1, 1), revocation
error = expect("InvalidRevocationContent", "AddTrustStoreRevocations", TrustStoreArn=arn, RevocationContents=[{"S3Bucket": BUCKET, "S3Key": "forged-crl.pem"}])
assert "not signed by the trust store's CA" in error.response["Error"]["Message"], error.response
expect("RevocationContentNotFound", "AddTrustStoreRevocations", TrustStoreArn=arn, RevocationContents=[{"S3Bucket": BUCKET, "S3Key": "none.pem"}])
assert call("DescribeTrustStores", Names=["py-clients"])["TrustStores"][0]["TotalRevokedEntries"] == 1
assert [r["RevocationId"] for r in call("DescribeTrustStoreRevocations", TrustStoreArn=arn, RevocationIds=[1])["TrustStoreRevocations"]] == [1]
expect("RevocationIdNotFound", "DescribeTrustStoreRevocations", TrustStoreArn=arn, RevocationIds=[5])
assert fetch(call("GetTrustStoreRevocationContent", TrustStoreArn=arn, RevocationId=1)["Location"]).strip() == read("crl.pem").strip()
expect("RevocationIdNotFound", "GetTrustStoreRevocationContent", TrustStoreArn=arn, RevocationId=5)
call("RemoveTrustStoreRevocations", TrustStoreArn=arn, RevocationIds=[1])
expect("RevocationIdNotFound", "RemoveTrustStoreRevocations", TrustStoreArn=arn, RevocationIds=[1])
# Revocation ids are not reused.
again = call("AddTrustStoreRevocations", TrustStoreArn=arn, RevocationContents=[{"S3Bucket": BUCKET, "S3Key": "crl.pem"}])["TrustStoreRevocations"][0]
assert again["RevocationId"] == 2, again
call("RemoveTrustStoreRevocations", TrustStoreArn=arn, RevocationIds=[2])

expect("InvalidCaCertificatesBundle", "ModifyTrustStore", TrustStoreArn=arn, CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="bad.pem")
assert call("ModifyTrustStore", TrustStoreArn=arn, CaCertificatesBundleS3Bucket=BUCKET, CaCertificatesBundleS3Key="other.pem")["TrustStores"][0]["NumberOfCaCertificates"] == 1
assert fetch(call("GetTrustStoreCaCertificatesBundle", TrustStoreArn=arn)["Location"]) == read("other.pem")
expect("TrustStoreNotFound", "GetTrustStoreCaCertificatesBundle", TrustStoreArn=arn[:-16] + "0" * 16)

assert call("DescribeTrustStoreAssociations", TrustStoreArn=arn)["TrustStoreAssociations"] == []
expect("AssociationNotFound", "DeleteSharedTrustStoreAssociation", TrustStoreArn=arn, ResourceArn=lb)
expect("ResourceNotFound", "GetResourcePolicy", ResourceArn=arn)
call("DeleteTrustStore", TrustStoreArn=arn)
expect("TrustStoreNotFound", "DeleteTrustStore", TrustStoreArn=arn)

missing = operations - called
assert not missing, f"operations not called: {sorted(missing)}"
print(f"boto3 trust stores OK {boto3.__version__}: {len(called)} operations called, {len(errors)} errors asserted by their modelled codes")
