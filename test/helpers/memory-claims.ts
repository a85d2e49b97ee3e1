import type { DeliveryClaim, DeliveryClaims } from '../../shared/delivery/delivery-claims';

/** DeliveryClaims in memory, with the same claim/complete semantics as the DynamoDB store. */
export function memoryClaims(initial: Record<string, DeliveryClaim> = {}) {
  const items = new Map<string, DeliveryClaim>(Object.entries(initial));
  const claims: DeliveryClaims = {
    async claim(memberId, step, nonce, at) {
      const key = `${memberId}|${step}`;
      const found = items.get(key);
      if (found) return { claim: { ...found }, fresh: false };
      const claim: DeliveryClaim = { state: 'sending', nonce, claimedAt: at };
      items.set(key, claim);
      return { claim: { ...claim }, fresh: true };
    },
    async complete(memberId, step, outcome) {
      const key = `${memberId}|${step}`;
      const { nonce: _n, ...rest } = items.get(key) ?? { claimedAt: outcome.setAt };
      items.set(key, { ...rest, state: 'sent', ...outcome });
    },
  };
  return { claims, items };
}
