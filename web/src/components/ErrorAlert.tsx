import Alert from '@cloudscape-design/components/alert';
import { useI18n } from '../i18n/i18n';

/**
 * The form's error, in a live region that exists before the error does, so screen readers
 * announce it when it appears. Empty when there is nothing to say.
 */
export function ErrorAlert({ message }: { message: string | undefined }) {
  const { t } = useI18n();
  return (
    <div aria-live="assertive" aria-atomic="true">
      {message && (
        <Alert type="error" header={t('errors.title')}>
          {message}
        </Alert>
      )}
    </div>
  );
}

/** A success or information note, announced politely. */
export function Notice({ message, type = 'success' }: { message: string | undefined; type?: 'success' | 'info' }) {
  return <div aria-live="polite">{message && <Alert type={type}>{message}</Alert>}</div>;
}
