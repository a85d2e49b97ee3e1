import Input, { type InputProps } from '@cloudscape-design/components/input';
import { type ReactNode, useId } from 'react';

/**
 * A labelled Cloudscape input without Cloudscape's FormField, for the sign-in form only: FormField
 * lays itself out on a grid it measures during the first render (a forced layout and a second
 * render), which was the largest remaining cost between navigation and an interactive sign-in
 * form (`npm run bench`, issue #15). The same accessible parts: a <label> bound to the input, the
 * hint and the error tied to it with aria-describedby, the error in a live region. Every other
 * form keeps `TextField` (FormField).
 */
export function PlainField({
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
} & Omit<InputProps, 'value' | 'onChange' | 'invalid' | 'controlId' | 'ariaDescribedby'>) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="posta-field">
      <label className="posta-field-label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <Input
        {...input}
        controlId={`${id}-input`}
        ariaDescribedby={described || undefined}
        value={value}
        invalid={Boolean(error)}
        onChange={({ detail }) => onChange(detail.value)}
      />
      {hint && (
        <div className="posta-field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <div aria-live="assertive">
        {error && (
          <div className="posta-field-error" id={`${id}-error`}>
            {error}
          </div>
        )}
      </div>
    </div>
  );
}
