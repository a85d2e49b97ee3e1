import Autosuggest from '@cloudscape-design/components/autosuggest';
import FormField from '@cloudscape-design/components/form-field';
import { useEffect, useState } from 'react';
import type { Api } from '../../api/client';
import { useCommonI18n } from './desk-i18n';
import { call, type Query, useQuery } from './use-query';

const readInstitutions = (api: Api, prefix?: string) =>
  call(api.GET('/v1/institutions', { params: { query: { limit: 100, ...(prefix && { prefix }) } } }));
type Institutions = Awaited<ReturnType<typeof readInstitutions>>;

/**
 * The institutions in the caller's reach (`GET /v1/institutions`, first 100: operators and
 * auditors every one, support agents their reach, others their own), read when a desk page
 * opens — the support desk shows its 403 as the page's answer for a role without the desk.
 */
export function useInstitutionsInReach(): Query<Institutions> {
  return useQuery(readInstitutions, []);
}

/** What the user typed, once they pause (a picker asks the server at most every 300 ms). */
function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), 300);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * An institution code, typed or picked among those in reach (any code may be typed: the API
 * decides). When the first page is not the whole reach (a registry of thousands), the typed
 * start of a code asks the server for the codes starting with it (`?prefix=`).
 */
export function InstitutionField(props: {
  label: string;
  description?: string;
  value: string;
  onChange(value: string): void;
  institutions: Query<Institutions>;
}) {
  const { t } = useCommonI18n();
  const partial = Boolean(props.institutions.data?.nextCursor);
  const typed = useSettled(props.value.trim().toUpperCase());
  const narrowed = useQuery((api) => (partial && typed ? readInstitutions(api, typed) : Promise.resolve(undefined)), [partial, typed]);
  const items = (partial && typed ? narrowed.data : undefined)?.items ?? props.institutions.data?.items ?? [];
  return (
    <FormField label={props.label} description={props.description}>
      <Autosuggest
        value={props.value}
        onChange={({ detail }) => props.onChange(detail.value)}
        options={items.map((i) => ({ value: i.code, description: i.name }))}
        enteredTextLabel={(value) => value}
        ariaLabel={props.label}
        empty={t('desk.empty')}
      />
    </FormField>
  );
}
