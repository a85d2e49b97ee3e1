import Autosuggest from '@cloudscape-design/components/autosuggest';
import FormField from '@cloudscape-design/components/form-field';
import type { Api } from '../../api/client';
import { useCommonI18n } from './desk-i18n';
import { call, type Query, useQuery } from './use-query';

const readInstitutions = (api: Api) => call(api.GET('/v1/institutions', { params: { query: { limit: 100 } } }));
type Institutions = Awaited<ReturnType<typeof readInstitutions>>;

/**
 * The institutions in the caller's reach (`GET /v1/institutions`, first 100: operators and
 * auditors every one, support agents their reach, others their own), read when a desk page
 * opens — the support desk shows its 403 as the page's answer for a role without the desk.
 */
export function useInstitutionsInReach(): Query<Institutions> {
  return useQuery(readInstitutions, []);
}

/** An institution code, typed or picked among those in reach (any code may be typed: the API decides). */
export function InstitutionField(props: {
  label: string;
  description?: string;
  value: string;
  onChange(value: string): void;
  institutions: Query<Institutions>;
}) {
  const { t } = useCommonI18n();
  return (
    <FormField label={props.label} description={props.description}>
      <Autosuggest
        value={props.value}
        onChange={({ detail }) => props.onChange(detail.value)}
        options={(props.institutions.data?.items ?? []).map((i) => ({ value: i.code, description: i.name }))}
        enteredTextLabel={(value) => value}
        ariaLabel={props.label}
        empty={t('desk.empty')}
      />
    </FormField>
  );
}
