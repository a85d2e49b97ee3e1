import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { fieldProblems, inLanguage } from '../src/desks/messages/format';

describe('the messages desk', () => {
  it('puts each of the API’s 400 problems under the field it names (body.subject.it → subject.it), in the API’s sentence', () => {
    const bad = new ApiError(400, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      errors: [
        { field: 'body.subject.it', code: 'text_required', message: 'Required', detail: 'Serve il testo in italiano.' },
        { field: 'body.selection', code: 'selection_empty', message: 'Nobody is in this selection' },
      ],
    });
    expect(fieldProblems(bad)).toEqual({ 'subject.it': 'Serve il testo in italiano.', selection: 'Nobody is in this selection' });
    expect(fieldProblems(new ApiError(403, null))).toEqual({});
    expect(fieldProblems(new TypeError('offline'))).toEqual({});
  });

  it('shows a text in the reader’s language, else the default language’s', () => {
    const subject = { it: 'Avviso', en: 'Notice' };
    expect(inLanguage(subject, 'en', 'it')).toBe('Notice');
    expect(inLanguage(subject, 'ru', 'it')).toBe('Avviso');
    expect(inLanguage({ tr: 'Duyuru' }, 'ru', 'it')).toBe('Duyuru');
  });
});
