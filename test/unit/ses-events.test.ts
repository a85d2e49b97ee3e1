import { describe, expect, it } from 'vitest';
import { sesEventSchema, verdictOf } from '../../shared/delivery/ses-events';
import { sesBounce as bounce, sesComplaint, sesEvent } from '../helpers/ses-event-fixtures';

const verdict = (event: unknown) => verdictOf(sesEventSchema.parse(event), '2027-02-02T00:00:00Z');

describe('SES delivery events', () => {
  it('a permanent bounce is a failure of the tagged member, with subtype and time, and no address', () => {
    const v = verdict(bounce('Permanent', 'NoEmail'));
    expect(v).toEqual({
      action: 'record',
      memberId: 'm-abc',
      failure: { kind: 'bounce', subType: 'NoEmail', at: '2027-02-01T10:00:04.000Z' },
    });
    expect(JSON.stringify(v)).not.toContain('@');
  });

  it('transient and undetermined bounces are SES still trying: ignored', () => {
    expect(verdict(bounce('Transient', 'MailboxFull'))).toMatchObject({ action: 'ignore', reason: 'transient-bounce' });
    expect(verdict(bounce('Undetermined', 'Undetermined'))).toMatchObject({ action: 'ignore', reason: 'transient-bounce' });
  });

  it('a complaint is a failure, named by its feedback type', () => {
    const complaint = sesComplaint();
    expect(verdict(complaint)).toEqual({
      action: 'record',
      memberId: 'm-abc',
      failure: { kind: 'complaint', subType: 'abuse', at: '2027-02-01T11:00:00.000Z' },
    });
  });

  it('an email without a member tag, or another event type, is ignored', () => {
    const untagged = bounce('Permanent', 'General');
    untagged.detail.mail.tags = { 'ses:configuration-set': ['posta'] } as never;
    expect(verdict(untagged)).toMatchObject({ action: 'ignore', reason: 'no-member-tag' });
    expect(verdict(sesEvent('Email Delivered', { eventType: 'Delivery', delivery: {} }))).toMatchObject({
      action: 'ignore',
      reason: 'not-a-failure',
    });
  });

  it('rejects what is not an SES event', () => {
    expect(sesEventSchema.safeParse({ ...bounce('Permanent', 'General'), source: 'aws.s3' }).success).toBe(false);
  });
});
