import { type Actor, mayActEverywhere } from '../auth/scope';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { foldLogin } from '../staff/login';
import type { DelegationModel, SharedMailbox, SharedMailboxStore } from './shared-mailbox';
import { auditSupport, authorizeSupport, requireReason, type SupportContext, supportRole } from './support-audit';

export interface SharedMailboxDeps extends SupportContext {
  boxes: SharedMailboxStore;
}

/** How many switches a read shows (newest first); the full record stays in the audit trail. */
export const HISTORY_SHOWN = 50;

const normalize = foldLogin;

async function load(address: string, boxes: SharedMailboxStore): Promise<SharedMailbox> {
  const box = await boxes.get(normalize(address));
  if (!box) throw new NotFoundError('The shared mailbox', 'shared_mailbox_not_found');
  return box;
}

const view = async (box: SharedMailbox, boxes: SharedMailboxStore) => ({
  address: box.address,
  institutionCode: box.institutionCode,
  model: box.model,
  updatedAt: box.updatedAt,
  updatedBy: box.updatedBy,
  history: await boxes.history(box.address, HISTORY_SHOWN),
});

/**
 * Operators register a shared mailbox (with the institution it belongs to, which decides which
 * support agents reach it). Creating the mailbox itself is the mail platform's business.
 */
export async function registerSharedMailbox(
  body: { address: string; institutionCode: string; model: DelegationModel; reason?: string },
  actor: Actor,
  deps: SharedMailboxDeps,
  requestId: string,
) {
  const at = deps.clock.now().toISOString();
  const box: SharedMailbox = {
    address: normalize(body.address),
    institutionCode: body.institutionCode,
    model: body.model,
    version: 0,
    createdAt: at,
    createdBy: actor.sub,
    updatedAt: at,
    updatedBy: actor.sub,
  };
  if (!(await deps.boxes.register(box))) throw new ConflictError('This shared mailbox is already registered', 'shared_mailbox_exists');
  await auditSupport(
    actor,
    { action: 'shared-mailbox.registered', target: box.address, institution: box.institutionCode, requestId, reason: body.reason },
    deps,
    'success',
    { model: box.model },
  );
  return view(box, deps.boxes);
}

export async function getSharedMailbox(address: string, actor: Actor, deps: SharedMailboxDeps, requestId: string) {
  const box = await load(address, deps.boxes);
  const act = { action: 'support.shared-mailbox-viewed', target: box.address, institution: box.institutionCode, requestId };
  await authorizeSupport(actor, act, deps);
  await auditSupport(actor, act, deps);
  return view(box, deps.boxes);
}

/**
 * Switches between management by rights and by login-password pair, recorded on the mailbox
 * (who, when, why) and in the audit trail. Asking for the current model changes nothing
 * (a repeated PUT is harmless); two agents switching at once: one wins, the other gets 409.
 */
export async function setDelegation(
  address: string,
  body: { model: DelegationModel; reason?: string },
  actor: Actor,
  deps: SharedMailboxDeps,
  requestId: string,
) {
  const reason = requireReason(body.reason);
  const box = await load(address, deps.boxes);
  const act = { action: 'support.delegation-switched', target: box.address, institution: box.institutionCode, requestId, reason };
  await authorizeSupport(actor, act, deps);
  if (box.model === body.model) return { ...(await view(box, deps.boxes)), changed: false };
  const at = deps.clock.now().toISOString();
  const change = { to: body.model, at, by: actor.sub, byLogin: actor.login, role: supportRole(actor), reason };
  if (!(await deps.boxes.switchModel(box, change))) {
    throw new ConflictError('The mailbox was switched by someone else meanwhile: read it again', 'concurrent_change');
  }
  await auditSupport(actor, act, deps, 'success', { from: box.model, to: body.model });
  const switched = { ...box, model: body.model, version: box.version + 1, updatedAt: at, updatedBy: actor.sub };
  return { ...(await view(switched, deps.boxes)), changed: true };
}

/**
 * The registered shared mailboxes an agent may see: of one institution in reach (a refusal is
 * audited), or — for operators and deployment-wide agents — of every institution. A regional agent
 * names the institution (400 `institution_required`). Each list is on the audit trail.
 */
export async function listSharedMailboxes(
  query: { institutionCode?: string; limit: number; cursor?: string },
  actor: Actor,
  deps: SharedMailboxDeps,
  requestId: string,
) {
  const act = {
    action: 'support.shared-mailboxes-listed',
    target: query.institutionCode ? `INSTITUTION#${query.institutionCode}` : 'deployment',
    institution: query.institutionCode ?? 'none',
    requestId,
  };
  if (query.institutionCode) await authorizeSupport(actor, act, deps);
  else if (!mayActEverywhere(actor)) {
    throw new ValidationError([
      { field: 'query.institutionCode', code: 'institution_required', message: 'Name the institution whose shared mailboxes to list' },
    ]);
  }
  const page = await deps.boxes.list(query.institutionCode, query.limit, query.cursor);
  await auditSupport(actor, act, deps, 'success', { results: page.items.length });
  return {
    items: page.items.map((b) => ({ address: b.address, institutionCode: b.institutionCode, model: b.model, updatedAt: b.updatedAt })),
    nextCursor: page.nextCursor,
  };
}
