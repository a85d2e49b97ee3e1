import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PROFILE_IDS } from '../../shared/profiles';
import { only, synth } from './synth';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, checked by the assertions.
type Json = any;

describe.each(PROFILE_IDS)('web console on S3 + CloudFront (%s)', (profileId) => {
  const template = () => synth(profileId).statelessTemplate;
  const json = () => template().toJSON();
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    synth(profileId).stateless.getLogicalId(construct.node.defaultChild as never);

  it('keeps the files in a private, encrypted, TLS-only bucket that only this distribution reads (origin access control)', () => {
    const { stateless } = synth(profileId);
    const bucket = logicalId(stateless.console.bucket);
    const distribution = logicalId(stateless.console.distribution);
    expect(json().Resources[bucket].Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    const statements: Json[] = only(template(), 'AWS::S3::BucketPolicy', { Bucket: { Ref: bucket } }).Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(reads[0].Condition)).toContain(distribution);
    template().hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const origins: Json[] = json().Resources[distribution].Properties.DistributionConfig.Origins;
    expect(origins).toHaveLength(1);
    expect(origins[0].OriginAccessControlId).toBeDefined();
    expect(origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  it('answers HTTPS only, with the security headers policy on every path and page paths served by index.html', () => {
    const { stateless } = synth(profileId);
    const config = json().Resources[logicalId(stateless.console.distribution)].Properties.DistributionConfig;
    const headers = { Ref: logicalId(stateless.console.headers) };
    const assetHeaders = { Ref: logicalId(stateless.console.assetHeaders) };
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: headers });
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/assets/*',
        ViewerProtocolPolicy: 'redirect-to-https',
        ResponseHeadersPolicyId: assetHeaders,
      }),
    ]);
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
    ]);
    expect(config.Logging).toMatchObject({ Bucket: expect.anything(), Prefix: 'cloudfront/' });
  });

  it('sends a strict CSP (no inline script or style, no framing), HSTS with preload, nosniff, DENY, no referrer', () => {
    const { stateless } = synth(profileId);
    for (const policy of [stateless.console.headers, stateless.console.assetHeaders]) {
      const security = json().Resources[logicalId(policy)].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      const csp = stateless.resolve(security.ContentSecurityPolicy.ContentSecurityPolicy);
      const text = JSON.stringify(csp);
      for (const directive of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
      ]) {
        expect(text).toContain(directive);
      }
      expect(text).not.toContain('unsafe-inline');
      expect(text).not.toContain('unsafe-eval');
      expect(text).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\./);
      // Import files go from the school admin's browser straight to S3 (presigned PUT).
      expect(text).toMatch(/connect-src [^;]* https:\/\/\*\.s3\./);
      expect(security).toMatchObject({
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      });
    }
  });

  it('brings one function of its own: CDK’s deployment copy function, its log group kept three months', () => {
    const others = Object.values(template().findResources('AWS::Lambda::Function')).filter(
      (f) => !/^(http|schedule|queue): /.test(f.Properties.Description ?? ''),
    );
    expect(others).toHaveLength(1);
    const group = others[0]?.Properties.LoggingConfig.LogGroup.Ref;
    expect(json().Resources[group]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } });
  });

  it('writes config.json from the stack: the API URL, region, user pool and app client', () => {
    const deployment = Object.values(template().findResources('Custom::CDKBucketDeployment'));
    expect(deployment).toHaveLength(1);
    const properties = deployment[0]?.Properties;
    // Two sources: the build and config.json, whose values are CloudFormation references filled in at deploy time.
    expect(properties.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(properties.SourceMarkers[1]);
    expect(markers).toContain(logicalId(synth(profileId).stateless.api));
    expect(markers).toContain('ExportsOutputRefUserPool');
    expect(markers).toContain('ExportsOutputRefUserPoolApiClient');
    expect(properties.DistributionPaths).toEqual(['/index.html', '/config.json']);
  });

  it('lets the console’s origin, and no other, call the API from a browser (CORS)', () => {
    const { stateless } = synth(profileId);
    const cors = json().Resources[logicalId(stateless.api)].Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stateless.console.distribution), 'DomainName'] }]] },
    ]);
    expect(cors.AllowHeaders).toEqual(['authorization', 'content-type']);
    expect(cors).not.toHaveProperty('AllowCredentials');
    template().hasOutput('ConsoleUrl', Match.anyValue());
  });
});
