import FormField from '@cloudscape-design/components/form-field';
import RadioGroup from '@cloudscape-design/components/radio-group';
import type { components } from '../../api/schema';
import { useDeskI18n } from '../common';
import { messages } from './messages';

export type PostingMode = components['schemas']['Group']['postingMode'];

/** Who may post on a list (moderated: owners approve each post; open: every member), for its creation and its settings. */
export function PostingModeField({ value, onChange }: { value: PostingMode; onChange(mode: PostingMode): void }) {
  const { t } = useDeskI18n(messages);
  return (
    <FormField label={t('groups.postingMode')}>
      <RadioGroup
        value={value}
        onChange={({ detail }) => onChange(detail.value as PostingMode)}
        items={[
          { value: 'moderated', label: t('groups.moderated') },
          { value: 'open', label: t('groups.open') },
        ]}
      />
    </FormField>
  );
}
