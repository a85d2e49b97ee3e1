import * as z from 'zod';
import { memberParams } from './activation-schemas';

export const channelChangeParams = memberParams;

export const confirmChannelChangeBody = z
  .object({
    reason: z.string().trim().min(3).max(500).describe('Why the change is known to be genuine (kept in the audit trail)'),
  })
  .strict()
  .meta({ id: 'ConfirmChannelChange' });

export const confirmedChannelChangeSchema = z
  .object({
    memberId: z.string(),
    confirmedAt: z.iso.datetime(),
    channels: z.array(z.enum(['phone', 'alternateEmail'])).describe('The changed channels the hold was on'),
    released: z.boolean().describe('A lot member waiting for its temporary password was sent back to provisioning'),
  })
  .meta({ id: 'ChannelChangeConfirmed' });
