import Button from '@cloudscape-design/components/button';
import Form from '@cloudscape-design/components/form';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';

/**
 * A desk's form: a native <form> (Enter submits from any field, nothing is sent while busy), one
 * primary button that shows it is working, optional secondary buttons (they must not submit:
 * `formAction="none"`), and what the API answered to a failed submit (`ProblemAlert`: 403,
 * each field's problem …) above the fields.
 */
export function ActionForm(props: {
  onSubmit(): void;
  submitLabel: string;
  busy: boolean;
  error?: unknown;
  header?: ReactNode;
  secondary?: ReactNode;
  primary?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!props.busy) props.onSubmit();
      }}
    >
      <Form
        header={props.header}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {props.secondary}
            <Button variant={props.primary === false ? 'normal' : 'primary'} formAction="submit" loading={props.busy}>
              {props.submitLabel}
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="m">
          {'error' in props && <ProblemAlert error={props.error} />}
          {props.children}
        </SpaceBetween>
      </Form>
    </form>
  );
}
