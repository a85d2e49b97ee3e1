import { Stack } from 'aws-cdk-lib';
import type { HttpRouteIntegrationBindOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/**
 * An `HttpLambdaIntegration` whose invoke permission sits beside the function rather than beside
 * the route. Route functions live in per-tag nested stacks; with CDK's default the permission would
 * stay in the parent stack, one more resource per route against its 500-resource limit. The source
 * ARN is the same one CDK writes: this API, any stage and method, this route's path only.
 */
export class RouteIntegration extends HttpLambdaIntegration {
  private readonly fn: IFunction;

  constructor(id: string, fn: IFunction) {
    super(id, fn);
    this.fn = fn;
  }

  protected override completeBind(options: HttpRouteIntegrationBindOptions): void {
    const route = options.route;
    this.fn.addPermission('ApiInvokePermission', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: Stack.of(route).formatArn({
        service: 'execute-api',
        resource: route.httpApi.apiId,
        resourceName: `*/*${route.path ?? ''}`,
      }),
    });
  }
}
