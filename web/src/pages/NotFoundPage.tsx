import Box from '@cloudscape-design/components/box';
import { Link } from '../app/router';
import { Page } from '../components/Page';
import { useI18n } from '../i18n/i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('app.notFoundTitle')}>
      <Box>{t('app.notFoundText')}</Box>
      <Link to="/">{t('app.home')}</Link>
    </Page>
  );
}
