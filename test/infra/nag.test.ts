import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PROFILE_IDS } from '../../shared/profiles';
import { synth } from './synth';

const packs = { AwsSolutions: () => new AwsSolutionsChecks(), Serverless: () => new ServerlessChecks() };
const stackKinds = ['stateful', 'stateless'] as const;

/**
 * cdk-nag 3 is a policy-validation plugin: synth (and so `synth()` here) already fails on an
 * unacknowledged finding. These tests state it explicitly and read the findings back per pack.
 */
describe.each(PROFILE_IDS)('cdk-nag (%s)', (profileId) => {
  describe.each(stackKinds)('%s stack', (kind) => {
    it.each(Object.keys(packs) as (keyof typeof packs)[])('has no unacknowledged %s finding', (pack) => {
      const stack = synth(profileId)[kind];
      const findings = packs[pack]()
        .validateScope(stack)
        .violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
      expect(findings).toEqual([]);
    });

    it('has no CDK error or warning annotation', () => {
      const annotations = Annotations.fromStack(synth(profileId)[kind]);
      expect(annotations.findError('*', Match.stringLikeRegexp('.*'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('.*'))).toEqual([]);
    });
  });
});
