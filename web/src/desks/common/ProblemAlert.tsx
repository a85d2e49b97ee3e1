import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import { ApiError } from '../../api/client';
import { useCommonI18n } from './desk-i18n';

/**
 * What a desk shows when a call failed, in a live region (announced when it appears):
 * - 403: "you do not have access" with the API's own reason — what a role sees when it opens
 *   another role's page by URL (the server decides; the menu only hides);
 * - 400 and other 4xx: the API's sentence (`detail`, in the console's language: the client sends
 *   `Accept-Language`) and each field's problem;
 * - network, 5xx: what to do, with the request's reference for the helpdesk.
 * Never a raw code. `onRetry` adds a "try again" button.
 */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useCommonI18n();
  if (!error) return <div aria-live="assertive" />;
  const { header, text, fields } = describe(error, t);
  return (
    <div aria-live="assertive" aria-atomic="true">
      <Alert
        type="error"
        header={header}
        action={onRetry && <Button onClick={onRetry}>{t('desk.retry')}</Button>}
        data-problem-status={error instanceof ApiError ? String(error.status) : undefined}
      >
        {text}
        {fields.length > 0 && (
          <ul>
            {fields.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        )}
      </Alert>
    </div>
  );
}

type T = ReturnType<typeof useCommonI18n>['t'];

/** The header, the sentence and the field lines of a failed call (exported for unit tests). */
export function describe(error: unknown, t: T): { header: string; text: string; fields: string[] } {
  if (!(error instanceof ApiError) || error.status === 0) return { header: t('desk.errorTitle'), text: t('desk.networkText'), fields: [] };
  const problem = error.problem;
  if (error.status >= 500 || !problem) {
    return {
      header: t('desk.errorTitle'),
      text: t('desk.serverText', { reference: problem?.instance ?? String(error.status) }),
      fields: [],
    };
  }
  const fields = (problem.errors ?? []).map((e) =>
    t('desk.fieldProblem', { field: e.field.replace(/^(body|query|path)\./, ''), problem: e.detail ?? e.message }),
  );
  const text = problem.detail ?? problem.title;
  if (error.status === 403) return { header: t('desk.forbiddenTitle'), text: problem.detail ?? t('desk.forbiddenText'), fields };
  if (error.status === 404) return { header: t('desk.notFoundTitle'), text, fields };
  if (error.status === 400 || error.status === 422) return { header: t('desk.invalidTitle'), text, fields };
  return { header: t('desk.errorTitle'), text, fields };
}
