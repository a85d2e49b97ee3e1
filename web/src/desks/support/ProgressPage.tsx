import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { Link, useRouter } from '../../app/router';
import { call, DeskPage, InstitutionField, ProblemAlert, useDeskI18n, useInstitutionsInReach, useQuery } from '../common';
import { ProgressCharts } from '../school/ProgressCharts';
import { messages } from './messages';

/**
 * An institution's progress for the agent on the phone ("is it just me, or is my whole school
 * waiting?"): its members by state and the activation funnel, from the counters
 * (`GET /v1/support/reports/progress?institutionCode=`, one read; the API decides the reach and
 * audits the read), drawn as the school desk draws them, with the same numbers as a table.
 */
export function ProgressPage() {
  const { t } = useDeskI18n(messages);
  const { query, navigate } = useRouter();
  const asked = query.get('institutionCode') ?? '';
  const [institution, setInstitution] = useState(asked);
  const institutions = useInstitutionsInReach();
  const report = useQuery(
    async (api) => (asked ? call(api.GET('/v1/support/reports/progress', { params: { query: { institutionCode: asked } } })) : undefined),
    [asked],
  );
  return (
    <DeskPage title={t('support.progress.title')} description={t('support.progress.intro')}>
      <SpaceBetween size="l">
        <Link to="/support">{t('support.member.back')}</Link>
        {/* Refused the registry and the report alike (not the caller's desk): said once, by the report. */}
        {!report.error && <ProblemAlert error={institutions.error} onRetry={institutions.reload} />}
        <Container>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const code = institution.trim().toUpperCase();
              navigate(code ? `/support/progress?institutionCode=${encodeURIComponent(code)}` : '/support/progress');
            }}
          >
            <SpaceBetween size="m">
              <InstitutionField
                label={t('support.search.institution')}
                value={institution}
                onChange={setInstitution}
                institutions={institutions}
              />
              <Button variant="primary" formAction="submit">
                {t('support.progress.show')}
              </Button>
            </SpaceBetween>
          </form>
        </Container>
        <ProblemAlert error={report.error} onRetry={report.reload} />
        {report.data && (
          <SpaceBetween size="s">
            <Header
              variant="h2"
              actions={
                <Button iconName="refresh" loading={report.loading} onClick={report.reload}>
                  {t('desk.refresh')}
                </Button>
              }
            >
              {t('support.progress.of', { code: report.data.institutionCode })}
            </Header>
            <ProgressCharts progress={report.data.counts} />
          </SpaceBetween>
        )}
      </SpaceBetween>
    </DeskPage>
  );
}
