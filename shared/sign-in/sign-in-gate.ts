import type { PreAuthenticationTriggerEvent } from 'aws-lambda';
import { logger } from '../logger';
import { type CheckSignInDeps, checkSignIn, refusal } from './check-sign-in';

/**
 * The PreAuthentication trigger's body: event → member lookup → decision → the event back
 * (allowed) or a thrown `SignInRefusedError` (refused). A login Cognito does not know
 * (`userNotFound`, sent when the client prevents user-existence errors) is left to Cognito, which
 * refuses it the same way as a wrong password. A failed lookup throws too: refusing while the
 * deadlines cannot be read is the safe side.
 */
export function signInGate(deps: CheckSignInDeps) {
  return async (event: PreAuthenticationTriggerEvent): Promise<PreAuthenticationTriggerEvent> => {
    if (event.request.userNotFound) return event;
    const decision = await checkSignIn({ login: event.userName, userStatus: event.request.userAttributes['cognito:user_status'] }, deps);
    if (decision.allow) return event;
    logger.warn('sign-in refused', { code: decision.code, since: decision.since });
    throw refusal(decision, deps.profile.helpdesk.email);
  };
}
