import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useEffect, useState } from 'react';
import { Link, useRouter } from '../../app/router';
import { call, DeskPage, ProblemAlert, useDeskI18n, useDownload, useMyInstitutions, useQuery } from '../common';
import { messages } from './messages';

const ROLES = ['school-admin', 'operator'] as const;

/**
 * The school desk's door: the institutions the user administers (from `GET /v1/me`); one of them
 * opens at once. An operator types a code. The page asks the API what an import may hold
 * (`GET /v1/imports/format`), so a user without the role sees the API's own 403 here.
 */
export function SchoolHomePage() {
  const { t } = useDeskI18n(messages);
  const { navigate } = useRouter();
  const mine = useMyInstitutions([...ROLES]);
  const format = useQuery((api) => call(api.GET('/v1/imports/format')), []);
  const template = useDownload();
  const [code, setCode] = useState('');
  const only = !mine.everywhere && mine.codes.length === 1 ? mine.codes[0] : undefined;

  useEffect(() => {
    if (only && format.data) navigate(`/school/${encodeURIComponent(only)}`, { replace: true });
  }, [only, format.data, navigate]);

  return (
    <DeskPage title={t('school.title')} description={t('school.intro')}>
      <ProblemAlert error={format.error} onRetry={format.reload} />
      {!format.data && !format.error && <StatusIndicator type="loading">{t('desk.loading')}</StatusIndicator>}
      {format.data && (
        <Container header={<Header variant="h2">{t('school.pick')}</Header>}>
          <SpaceBetween size="m">
            {mine.codes.length > 0 && (
              <ul>
                {mine.codes.map((c) => (
                  <li key={c}>
                    <Link to={`/school/${encodeURIComponent(c)}`}>{t('school.titleOf', { code: c })}</Link>
                  </li>
                ))}
              </ul>
            )}
            {mine.everywhere && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (code.trim()) navigate(`/school/${encodeURIComponent(code.trim().toUpperCase())}`);
                }}
              >
                <SpaceBetween size="s" direction="horizontal" alignItems="end">
                  <FormField label={t('school.codeLabel')} constraintText={format.data.institutionCode.example}>
                    <Input value={code} onChange={(e) => setCode(e.detail.value)} />
                  </FormField>
                  <Button formAction="submit">{t('school.open')}</Button>
                </SpaceBetween>
              </form>
            )}
            <Box>
              <Button
                iconName="download"
                loading={template.busy}
                onClick={() => void template.download('/v1/imports/template.csv', 'template.csv')}
              >
                {t('school.template')}
              </Button>
            </Box>
            <ProblemAlert error={template.error} />
          </SpaceBetween>
        </Container>
      )}
    </DeskPage>
  );
}
