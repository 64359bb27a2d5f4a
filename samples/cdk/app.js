// A small CDK app (plain JavaScript, no build step) whose synthesized template AlbEmulator runs:
//   npx cdk synth --quiet
//   alb-emulator --config cdk.out/ShopStack.template.json --overrides overrides.json
// docs/infrastructure-as-code.md walks through it.
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const targets = require('aws-cdk-lib/aws-elasticloadbalancingv2-targets');
const lambda = require('aws-cdk-lib/aws-lambda');

const app = new cdk.App();
const stack = new cdk.Stack(app, 'ShopStack');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, loadBalancerName: 'shop' });

// HTTP on 80 answers every request with a 301 to HTTPS on 443.
alb.addRedirect({ sourceProtocol: elbv2.ApplicationProtocol.HTTP, sourcePort: 80, targetProtocol: elbv2.ApplicationProtocol.HTTPS, targetPort: 443 });

// IP target groups: the addresses exist only in the VPC; overrides.json maps them to local servers.
const ipGroup = (id, address) => new elbv2.ApplicationTargetGroup(stack, id, {
  vpc,
  port: 80,
  protocol: elbv2.ApplicationProtocol.HTTP,
  targetType: elbv2.TargetType.IP,
  targets: [new targets.IpTarget(address, 80)],
  healthCheck: { path: '/health', interval: cdk.Duration.seconds(5), timeout: cdk.Duration.seconds(2), healthyThresholdCount: 2 },
});
const web = ipGroup('Web', '10.0.0.10');
const blue = ipGroup('ApiBlue', '10.0.0.20');
const green = ipGroup('ApiGreen', '10.0.0.30');

// A Lambda target: in AWS the function itself; locally whatever serves the Lambda Invoke API (overrides.json).
const hello = new lambda.Function(stack, 'Hello', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, headers: { "content-type": "text/plain" }, body: "hello from lambda" });'),
});
const helloGroup = new elbv2.ApplicationTargetGroup(stack, 'HelloTargets', { targets: [new targets.LambdaTarget(hello)] });

const https = alb.addListener('Https', {
  port: 443,
  protocol: elbv2.ApplicationProtocol.HTTPS,
  certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555')],
  defaultAction: elbv2.ListenerAction.forward([web]),
});

// Path rule with a weighted forward (blue/green).
https.addAction('Api', {
  priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
  action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 80 }, { targetGroup: green, weight: 20 }]),
});

// Host rule: admin.example.com is not served here.
https.addAction('Admin', {
  priority: 20,
  conditions: [elbv2.ListenerCondition.hostHeaders(['admin.example.com'])],
  action: elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'admin is internal' }),
});

// Path rule to the Lambda target.
https.addTargetGroups('Hello', { priority: 30, conditions: [elbv2.ListenerCondition.pathPatterns(['/hello'])], targetGroups: [helloGroup] });

new cdk.CfnOutput(stack, 'AlbDns', { value: alb.loadBalancerDnsName });
