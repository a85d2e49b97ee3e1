import { readFileSync } from 'node:fs';
import { App, type NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type PostaStacks } from '../../infra/build-app';

export interface Synthesized extends PostaStacks {
  statefulTemplate: Template;
  statelessTemplate: Template;
  /** Each tag's nested route-functions stack, as synthesized (its parameters unresolved), keyed by tag. */
  routeTemplates: Record<string, Template>;
  /**
   * The same templates with every parameter replaced by the parent-stack value that feeds it, as
   * CloudFormation does at deploy time: a queue URL reads `{ Ref: <queue in the parent> }` again.
   */
  resolvedRouteTemplates: Record<string, Template>;
  /** Where functions live: the stateless template, then every resolved route template. */
  functionTemplates: Template[];
  /** The nested stack of the SES email templates. */
  emailTemplatesTemplate: Template;
}

/** The feature flags `cdk synth` uses, so tests see the same templates. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/** cdk.json's context without bundling: the handlers are not built in infrastructure tests. */
export const testApp = (): App => new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });

const cache = new Map<string, Synthesized>();

/** Both stacks of one profile (and the stateless stack's nested stacks), synthesized once per test file with bundling skipped. */
export function synth(profileId: string): Synthesized {
  const hit = cache.get(profileId);
  if (hit) return hit;
  const app = testApp();
  const stacks = buildApp(app, profileId);
  const statelessTemplate = Template.fromStack(stacks.stateless);
  const routeTemplates: Record<string, Template> = {};
  const resolvedRouteTemplates: Record<string, Template> = {};
  for (const [tag, nested] of Object.entries(stacks.stateless.routeStacks)) {
    routeTemplates[tag] = Template.fromStack(nested);
    resolvedRouteTemplates[tag] = Template.fromJSON(
      resolveParameters(routeTemplates[tag], nestedStackParameters(statelessTemplate, nested)),
    );
  }
  const result = {
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate,
    routeTemplates,
    resolvedRouteTemplates,
    functionTemplates: [statelessTemplate, ...Object.values(resolvedRouteTemplates)],
    emailTemplatesTemplate: Template.fromStack(stacks.stateless.emailTemplatesStack),
  };
  cache.set(profileId, result);
  return result;
}

/** The `AWS::CloudFormation::Stack` resource of `nested` in its parent's template: logical id and properties. */
export function nestedStackResource(parent: Template, nested: NestedStack) {
  const logicalId = nested.nestedStackParent?.resolve(nested.nestedStackResource?.logicalId) as string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, checked by the assertions.
  const resource = parent.toJSON().Resources[logicalId] as any;
  if (resource?.Type !== 'AWS::CloudFormation::Stack') throw new Error(`No nested stack resource ${logicalId} in the parent`);
  return { logicalId, resource };
}

/** What the parent passes to each of `nested`'s parameters (CDK wires parent values in as parameters). */
export function nestedStackParameters(parent: Template, nested: NestedStack): Record<string, unknown> {
  return nestedStackResource(parent, nested).resource.Properties.Parameters ?? {};
}

/** `template` with every `{ Ref: <parameter> }` replaced by the value `parameters` feeds it; fails on a parameter nobody feeds. */
function resolveParameters(template: Template, parameters: Record<string, unknown>) {
  const json = template.toJSON();
  const declared = Object.keys(json.Parameters ?? {});
  for (const name of declared) if (!(name in parameters)) throw new Error(`Nested stack parameter ${name} is not fed by the parent`);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const ref = (value as { Ref?: unknown }).Ref;
      if (typeof ref === 'string' && Object.keys(value).length === 1 && declared.includes(ref)) return parameters[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return { ...json, Resources: walk(json.Resources), Outputs: walk(json.Outputs ?? {}) } as Record<string, unknown>;
}

/** The one resource of `type` whose properties match `where`; fails when there are none or several. */
export function only(template: Template, type: string, where: Record<string, unknown>) {
  const found = Object.values(template.findResources(type, { Properties: where }));
  if (found.length !== 1) throw new Error(`Expected one ${type} matching ${JSON.stringify(where)}, found ${found.length}`);
  return found[0] as (typeof found)[number];
}

/**
 * The one function described `description` across `templates`, with the template that holds it
 * (its role, policies and log group are in the same one); fails when there are none or several.
 */
export function findFunction(templates: Template[], description: string) {
  const found = templates.flatMap((template) =>
    Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: description } })).map(
      ([logicalId, resource]) => ({ template, logicalId, resource }),
    ),
  );
  if (found.length !== 1) throw new Error(`Expected one function described "${description}", found ${found.length}`);
  return found[0] as (typeof found)[number];
}
