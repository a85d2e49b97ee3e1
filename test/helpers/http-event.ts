import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A minimal API Gateway v2 event, as the HTTP API sends it. */
export function httpEvent(over: Partial<APIGatewayProxyEventV2> & { claims?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  const { claims, ...rest } = over;
  return {
    version: '2.0',
    routeKey: 'POST /test',
    rawPath: '/test',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'api',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method: 'POST', path: '/test', protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: 'POST /test',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
    ...rest,
  } as APIGatewayProxyEventV2;
}

export const context = { awsRequestId: 'aws-1', functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
