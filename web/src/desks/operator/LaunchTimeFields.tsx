import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import TimeInput from '@cloudscape-design/components/time-input';
import { useApp } from '../../app/context';
import { useDeskI18n } from '../common';
import { messages } from './messages';

export interface LaunchTime {
  date: string;
  time: string;
}

/**
 * A launch time as an operator thinks of it: a day and an hour on the deployment's clock (the
 * profile's time zone, named under the field). `instantOf` (launch-time.ts) turns it into the instant the API takes.
 */
export function LaunchTimeFields({ value, onChange }: { value: LaunchTime; onChange(value: LaunchTime): void }) {
  const { t, locale } = useDeskI18n(messages);
  const { profile } = useApp();
  return (
    <SpaceBetween direction="horizontal" size="m">
      <FormField label={t('lots.launchDate')} constraintText={t('desk.dateFormat')}>
        <DatePicker
          value={value.date}
          onChange={({ detail }) => onChange({ ...value, date: detail.value })}
          placeholder={t('desk.dateFormat')}
          locale={locale}
          expandToViewport
        />
      </FormField>
      <FormField label={t('lots.launchTime')} constraintText={t('lots.timeHint', { zone: profile.timeZone })}>
        <TimeInput
          value={value.time}
          onChange={({ detail }) => onChange({ ...value, time: detail.value })}
          format="hh:mm"
          placeholder={t('desk.timeFormat')}
        />
      </FormField>
    </SpaceBetween>
  );
}
