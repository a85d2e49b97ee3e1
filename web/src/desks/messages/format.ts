import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { ApiError } from '../../api/client';
import type { components } from '../../api/schema';

export type Message = components['schemas']['Message'];
export type MessageSummary = components['schemas']['MessageSummary'];
type State = Message['state'];

export const MESSAGE_STATE_TYPES: Record<State, StatusIndicatorProps.Type> = {
  draft: 'info',
  'awaiting-approval': 'pending',
  scheduled: 'pending',
  sending: 'in-progress',
  sent: 'success',
  cancelled: 'stopped',
};

/** A text in the reader's language, else the profile's default language, else any (the API requires the default's). */
export function inLanguage(texts: Record<string, string>, locale: string, defaultLocale: string): string {
  return texts[locale] ?? texts[defaultLocale] ?? Object.values(texts)[0] ?? '';
}

/** The personal fields the API fills in for each recipient (README "Messages to staff", `placeholder_unknown` otherwise). */
export const PERSONAL_FIELDS = ['{{givenName}}', '{{familyName}}', '{{login}}', '{{institutionCode}}'];

/** Each field's problem in a 400 (`body.subject.it` → `subject.it`: its sentence), to show under the field it names. */
export function fieldProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem?.errors) return {};
  return Object.fromEntries(error.problem.errors.map((e) => [e.field.replace(/^body\./, ''), e.detail ?? e.message]));
}
