import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCommonI18n } from './desk-i18n';

/**
 * "Are you sure?" for an action that cannot be undone (cancel a lot, a message): the question as
 * a warning, with close and confirm. The page decides when it shows and what confirming does.
 */
export function ConfirmAlert(props: { text: string; onClose(): void; onConfirm(): void }) {
  const { t } = useCommonI18n();
  return (
    <Alert
      type="warning"
      action={
        <SpaceBetween direction="horizontal" size="xs">
          <Button onClick={props.onClose}>{t('desk.close')}</Button>
          <Button onClick={props.onConfirm}>{t('desk.confirm')}</Button>
        </SpaceBetween>
      }
    >
      {props.text}
    </Alert>
  );
}
