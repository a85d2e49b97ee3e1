import { createHash, randomBytes } from 'node:crypto';
import { isOutage, patiently } from './outage';

/**
 * One send to a member (a temporary password, an invitation SMS) for one step (`launch#<lotId>`,
 * `invitation#<lotId>`), claimed in DynamoDB before anything is sent and marked `sent` after, so a
 * redelivered message finds the step done instead of sending again.
 *
 * `sending` that stays `sending` means an earlier attempt died (or could not record its end)
 * between the claim and the `sent` write: whether its SMS went out is unknown. The claim keeps a
 * random `nonce` for exactly that case — the temporary password is re-derived from it (and the
 * deployment secret), so the retry sends the same password, never a second, different one. The
 * nonce is removed when the step is marked sent: after that nothing can derive the password again.
 */
export interface DeliveryClaim {
  state: 'sending' | 'sent';
  /** Present only while `sending`. */
  nonce?: string;
  claimedAt: string;
  /** When the step's credential was set in Cognito (once sent). */
  setAt?: string;
  /** SNS refused the phone (once sent): nobody received the SMS. */
  smsRejected?: boolean;
}

export interface DeliveryClaims {
  /** Claims the step with `nonce`; `fresh` false when an earlier attempt had claimed it (returned as found). */
  claim(memberId: string, step: string, nonce: string, at: string): Promise<{ claim: DeliveryClaim; fresh: boolean }>;
  /** Marks the step sent, with its outcome, and forgets the nonce. */
  complete(memberId: string, step: string, outcome: { setAt: string; smsRejected: boolean }): Promise<void>;
}

/**
 * What a sender knows when the SMS went out but the `sent` mark could not be written (DynamoDB out
 * for longer than `patiently` waits): carried by a follow-up message instead, so the step is
 * marked sent later and never sent again. `attempt` names the claim's nonce by its hash: the nonce
 * itself (an ingredient of the password) never travels.
 */
export interface DeliveryReceipt {
  step: string;
  attempt: string;
  setAt: string;
  smsRejected: boolean;
}

/** The hash that names one attempt (a claim's nonce) in a receipt. */
export const attemptOf = (nonce: string) => createHash('sha256').update(nonce).digest('base64url').slice(0, 22);

/** The SMS of a claimed step went out, but its `sent` mark could not be written: hand the receipt on. */
export class UnrecordedSendError extends Error {
  override readonly name = 'UnrecordedSendError';
  constructor(
    readonly receipt: DeliveryReceipt,
    override readonly cause: unknown,
  ) {
    super(`sent, but the step ${receipt.step} could not be marked sent`);
  }
}

/**
 * Marks a step sent after its SMS went out, waiting out a short outage; past that, throws
 * `UnrecordedSendError` with the receipt, which the caller must not answer by sending again.
 */
export async function recordSent(
  claims: DeliveryClaims,
  memberId: string,
  step: string,
  nonce: string,
  outcome: { setAt: string; smsRejected: boolean },
): Promise<void> {
  try {
    await patiently(() => claims.complete(memberId, step, outcome));
  } catch (error) {
    if (!isOutage(error)) throw error;
    throw new UnrecordedSendError({ step, attempt: attemptOf(nonce), ...outcome }, error);
  }
}

/**
 * A step an earlier attempt left `sending` whose receipt this message carries: the SMS went out,
 * only the mark is missing. Marks it sent with the receipt's outcome and returns that outcome;
 * null when the receipt is not this claim's (another attempt, another step).
 */
export async function settleByReceipt(
  claims: DeliveryClaims,
  memberId: string,
  step: string,
  claim: DeliveryClaim,
  receipt: DeliveryReceipt | undefined,
): Promise<{ setAt: string; smsRejected: boolean } | null> {
  if (!receipt || receipt.step !== step || claim.state !== 'sending' || !claim.nonce || receipt.attempt !== attemptOf(claim.nonce))
    return null;
  const outcome = { setAt: receipt.setAt, smsRejected: receipt.smsRejected };
  await patiently(() => claims.complete(memberId, step, outcome));
  return outcome;
}

/**
 * One delivery step with no secret in it (an invitation SMS, a notice queued): claimed, run,
 * marked sent. A step found `sent`, or settled by the message's receipt, is skipped; one an earlier
 * attempt left `sending` runs again (its content is the same, so at worst the same text twice —
 * and a notice queued twice under one business key is still sent once). `deliver` answers whether
 * the channel refused the member (recorded in the claim's outcome).
 */
export async function deliverOnce(
  claims: DeliveryClaims,
  memberId: string,
  step: string,
  at: string,
  deliver: () => Promise<{ smsRejected: boolean }>,
  receipt?: DeliveryReceipt,
): Promise<void> {
  const { claim } = await claims.claim(memberId, step, randomBytes(16).toString('base64url'), at);
  if (claim.state === 'sent' || (await settleByReceipt(claims, memberId, step, claim, receipt))) return;
  const { smsRejected } = await deliver();
  await recordSent(claims, memberId, step, claim.nonce ?? '', { setAt: at, smsRejected });
}
