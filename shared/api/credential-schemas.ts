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
    recoveryPhone: z
      .enum(['updated', 'no-account', 'unchanged', 'pending'])
      .describe(
        'The sign-in account’s recovery phone (where reset codes go): set to the confirmed phone now; no account yet (it takes the phone on record when made); unchanged (only the alternate email was held); pending (Cognito failed: the schedule sets it when the hold ends)',
      ),
  })
  .meta({ id: 'ChannelChangeConfirmed' });
