import Button from '@cloudscape-design/components/button';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Input, { type InputProps } from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { type ExplainContext, type Explained, explain } from '../api/explain';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './ErrorAlert';

/**
 * A form as the staff pages use it: a native <form> (Enter submits from any field), one primary
 * action that shows it is working, and the answer of a failed submit — one sentence above the
 * fields, or under the field it is about.
 */
export function SubmitForm({
  onSubmit,
  submitLabel,
  busy,
  error,
  secondary,
  children,
}: {
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  error: FormError | null;
  secondary?: ReactNode;
  children: ReactNode;
}) {
  const fieldHandled = error?.field !== undefined && error.fieldShown;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {secondary}
            <Button variant="primary" formAction="submit" loading={busy}>
              {submitLabel}
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="m">
          <ErrorAlert message={error && !fieldHandled ? error.message : undefined} />
          {children}
        </SpaceBetween>
      </Form>
    </form>
  );
}

export type FormError = Explained & { fieldShown?: boolean };

/**
 * Runs a submit: busy while it runs, and a failure explained in the page's language. `fields`
 * names the form's fields, so an answer about one of them is shown under it.
 */
export function useSubmit(fields: readonly string[], ctx: ExplainContext = {}) {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  // The calling page writes its context and fields inline: keep the latest without renewing `run`.
  const latest = useRef({ ctx, fields });
  latest.current = { ctx, fields };
  const run = useCallback(
    async (work: () => Promise<void>, override: ExplainContext = {}) => {
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (caught) {
        const explained = explain(caught, i18n, { ...latest.current.ctx, ...override });
        setError({ ...explained, fieldShown: explained.field !== undefined && latest.current.fields.includes(explained.field) });
      } finally {
        setBusy(false);
      }
    },
    [i18n],
  );
  /** The sentence for one field: a validation answer about it, or the form's answer when it is about it. */
  const fieldError = (name: string, local?: string): string | undefined =>
    local ?? error?.fields[name] ?? (error?.fieldShown && error.field === name ? error.message : undefined);
  return { busy, error, setError, run, fieldError };
}

/** A labelled text input. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  ...input
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
} & Omit<InputProps, 'value' | 'onChange' | 'invalid'>) {
  return (
    <FormField label={label} errorText={error} constraintText={hint} stretch>
      <Input {...input} value={value} invalid={Boolean(error)} onChange={({ detail }) => onChange(detail.value)} />
    </FormField>
  );
}
