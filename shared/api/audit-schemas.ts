import * as z from 'zod';
import { institutionCodeSchema } from './institution-code';

const DAY_MS = 86_400_000;

/**
 * An ISO instant, or a plain day (`2026-12-01`, UTC) as people type it. A day given as `from`
 * starts at its midnight; as `to` (exclusive) it ends at the next midnight, so the day is included.
 * Either way the parsed value is an ISO instant.
 */
const instantOrDay = (end: 'start' | 'end') =>
  z.union([
    z.iso.datetime({ offset: true }),
    z.iso.date().transform((day) => new Date(Date.parse(`${day}T00:00:00.000Z`) + (end === 'end' ? DAY_MS : 0)).toISOString()),
  ]);

const subject = {
  target: z.string().min(1).max(300).optional().describe('A record’s target (member id, lot id, route id …)'),
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Who acted: a user’s sub, a system name (`system:…`), or a login — read as the sub of the account with that login when there is one',
    ),
  institution: institutionCodeSchema
    .or(z.literal('none'))
    .optional()
    .describe('An institution code; `none` holds refusals of callers without a known institution'),
  from: instantOrDay('start')
    .optional()
    .describe('Inclusive, on `at`: an instant, or a day (`2026-12-01`: from its start, UTC). Default for institution: `to` − 7 days'),
  to: instantOrDay('end')
    .optional()
    .describe('Exclusive, on `at`: an instant, or a day (`2026-12-31`: the whole day is included, UTC). Default for institution: now'),
  cursor: z.string().max(2000).optional(),
};

/** Exactly one of target, actor, institution (400 `one_subject_required`); checked by the use case. */
export const auditQuery = z.object({ ...subject, limit: z.coerce.number().int().min(1).max(200).default(50) });

/** CSV pages may be larger; the next page's cursor travels in `x-next-cursor`. */
export const auditCsvQuery = z.object({ ...subject, limit: z.coerce.number().int().min(1).max(1000).default(1000) });

export const auditRecordSchema = z
  .object({
    at: z.iso.datetime(),
    actor: z.string(),
    actorLogin: z
      .string()
      .nullable()
      .describe(
        'The actor’s login, looked up when read — for operators and auditors; null for other readers, system actors and ids not found',
      ),
    role: z.string(),
    action: z.string(),
    target: z.string(),
    institution: z.string(),
    outcome: z.string(),
    reason: z.string().nullable(),
    requestId: z.string(),
    seq: z.number().int().describe('Position in its day×shard hash chain'),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditRecord' });

export const auditPageSchema = z.object({ items: z.array(auditRecordSchema), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });

export const verifyAuditBody = z
  .object({
    institutionCode: institutionCodeSchema.or(z.literal('none')),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  })
  .strict()
  .meta({ id: 'VerifyAuditDay' });

const chainBreak = z.object({
  seq: z.number().int(),
  sk: z.string(),
  reason: z
    .enum(['content-changed', 'link-broken', 'sequence-gap', 'downgraded', 'rewritten', 'tail-deleted', 'partition-deleted'])
    .describe(
      '`content-changed`: a record no longer matches its keyed MAC (any attribute); `link-broken`: it does not point at the previous MAC; `sequence-gap`: a record deleted from the middle; `downgraded`: an unkeyed record after keyed ones; `rewritten`: another MAC where a signed digest holds one (a re-linked chain); `tail-deleted` / `partition-deleted`: records a signed digest holds are gone',
    ),
});

export const verifyAuditSchema = z
  .object({
    institutionCode: z.string(),
    day: z.string(),
    intact: z.boolean().describe('Every chain holds, every digested tail is still there, every digest read is intact'),
    records: z.number().int(),
    unkeyed: z.number().int().describe('Records written before the keyed chain (unkeyed SHA-256), held by the digests only'),
    firstBreak: chainBreak.extend({ partition: z.string() }).nullable().describe('The first broken link (lowest shard first)'),
    partitions: z.array(
      z.object({
        partition: z.string(),
        records: z.number().int(),
        unkeyed: z.number().int(),
        digestedSeq: z.number().int().nullable().describe('The highest sequence number a signed digest holds; null: not digested yet'),
        firstBreak: chainBreak.nullable(),
      }),
    ),
    digests: z.object({
      checked: z.number().int().describe('Signed digests read and checked for this day'),
      problems: z.array(
        z.object({
          key: z.string(),
          problem: z.enum(['unreadable', 'unknown-signing-key', 'signature-invalid', 'previous-missing', 'chain-broken']),
        }),
      ),
    }),
  })
  .meta({ id: 'AuditVerifyReport' });
