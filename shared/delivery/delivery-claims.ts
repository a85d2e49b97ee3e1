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
