import type { I18n } from '../i18n/i18n';
import { ApiError } from './client';

/** Words some messages need: the profile's national-ID name, its mail domains. */
export interface ExplainContext {
  idKind?: string;
  domain?: string;
  oldDomain?: string;
  /** `too_many_attempts` locks activation for a day, but a late request for good. */
  lockScope?: 'activation' | 'request';
  /** The password the user typed passed the rules shown: a `password_policy` answer then means a reused one. */
  passwordMeetsRules?: boolean;
  /** Which Cognito call failed: cognito-local names a wrong sign-in password InvalidPasswordException. */
  cognitoStep?: 'sign-in' | 'new-password';
}

export interface Explained {
  /** One sentence for the whole form. */
  message: string;
  /** The form field the sentence is about, when there is one (`code`, `newPassword` …). */
  field?: string;
  /** Per-field sentences of a validation answer, keyed by field name (`phone`, `nationalId` …). */
  fields: Record<string, string>;
}

/** `body.phone` → `phone`. */
const fieldName = (path: string | undefined) => path?.replace(/^(body|query|path)\./, '');

/**
 * Turns anything a staff page's call can throw — an API problem, a Cognito error, a network
 * failure — into localized sentences. Never shows a raw code, a status or an English API text:
 * an unknown code falls back to what its HTTP status means.
 */
export function explain(error: unknown, i18n: I18n, ctx: ExplainContext = {}): Explained {
  const words = { idKind: ctx.idKind ?? '', domain: ctx.domain ?? '' };
  if (error instanceof ApiError) return explainProblem(error, i18n, ctx, words);
  return { message: explainCognito(error, i18n, ctx.cognitoStep), fields: {} };
}

function explainProblem(error: ApiError, i18n: I18n, ctx: ExplainContext, words: { idKind: string; domain: string }): Explained {
  const { t, tMaybe } = i18n;
  const problem = error.problem;
  if (error.status === 0) return { message: t('errors.network'), fields: {} };
  if (error.status >= 500 || !problem) {
    if (error.status === 503) return { message: t('errors.unavailable'), fields: {} };
    return { message: t('errors.server', { reference: problem?.instance ?? '—' }), fields: {} };
  }
  const fields: Record<string, string> = {};
  for (const issue of problem.errors ?? []) {
    const name = fieldName(issue.field);
    if (!name || fields[name]) continue;
    const domain = name === 'oldAddress' ? (ctx.oldDomain ?? '') : words.domain;
    fields[name] = tMaybe(`fieldErrors.${issue.code}`, { ...words, domain }) ?? t('fieldErrors.invalid');
  }
  let code = problem.code;
  if (code === 'too_many_attempts' && ctx.lockScope === 'request') code = 'too_many_attempts_request';
  // Cognito refuses a recent password with the same code as a weak one; the rules shown already passed.
  if (code === 'password_policy' && ctx.passwordMeetsRules) code = 'password_reused';
  const specific = tMaybe(`errors.${code}`, words);
  if (specific) return { message: specific, field: fieldName(problem.field), fields };
  const byStatus: Record<number, Parameters<I18n['t']>[0]> = {
    400: 'errors.invalid',
    401: 'errors.unauthorized',
    403: 'errors.forbidden',
    404: 'errors.notFound',
    409: 'errors.conflict',
    429: 'errors.tooManyRequests',
  };
  return {
    message: t(byStatus[error.status] ?? 'errors.invalid'),
    ...(Object.keys(fields).length === 0 && { field: fieldName(problem.field) }),
    fields,
  };
}

/** The trigger's refusal reaches the browser as `PreAuthentication failed with error [<code>] …`. */
const TRIGGER_CODE = /\[(\w+)\]/;

function explainCognito(error: unknown, i18n: I18n, step: ExplainContext['cognitoStep']): string {
  const { t } = i18n;
  const { name = '', message = '' } = (error ?? {}) as { name?: string; message?: string };
  // fetch() itself failed: offline, DNS, CORS.
  if (error instanceof TypeError || name === 'TimeoutError') return t('errors.network');
  if (name === 'UserLambdaValidationException' || /PreAuthentication failed/.test(message)) {
    const code = TRIGGER_CODE.exec(message)?.[1];
    if (code === 'temporary_password_expired') return t('errors.temporaryPasswordExpired');
    if (code === 'password_expired') return t('errors.passwordExpired');
    return t('errors.signInFailed');
  }
  switch (name) {
    case 'NotAuthorizedException':
      if (/disabled/i.test(message)) return t('errors.userDisabled');
      if (/session/i.test(message)) return t('errors.challengeExpired');
      if (/attempts exceeded/i.test(message)) return t('errors.tooManyRequests');
      return t('errors.signInFailed');
    // Without preventUserExistenceErrors a pool says this; the user learns no more than "not right".
    case 'UserNotFoundException':
      return t('errors.signInFailed');
    case 'PasswordResetRequiredException':
      return t('errors.passwordResetRequired');
    case 'InvalidPasswordException':
      // The cloud says NotAuthorizedException for a wrong password; cognito-local says this.
      return step === 'sign-in' ? t('errors.signInFailed') : t('errors.password_policy');
    case 'CodeMismatchException':
      return t('errors.code_invalid');
    case 'ExpiredCodeException':
      return t('errors.code_expired');
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
    case 'LimitExceededException':
      return t('errors.tooManyRequests');
    default:
      return t('errors.server', { reference: name || '—' });
  }
}
