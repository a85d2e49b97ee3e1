import Box from '@cloudscape-design/components/box';
import Checkbox from '@cloudscape-design/components/checkbox';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useId, useState } from 'react';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { Link, useRouter } from '../../app/router';
import { LANGUAGE_NAMES, type Locale } from '../../i18n/catalog';
import { ActionForm, call, DeskPage, useAction, useDeskI18n, useMyInstitutions } from '../common';
import { listOf } from '../operator/format';
import { fieldProblems, PERSONAL_FIELDS } from './format';
import { messages } from './messages';

type Selection = components['schemas']['MessageSelection'];
type Category = NonNullable<Selection['categories']>[number];
type MemberState = NonNullable<Selection['states']>[number];
type AddressableRole = NonNullable<Selection['roles']>[number];

const ROLES = ['school-admin', 'operator'] as const;
const CATEGORIES: Category[] = ['teacher', 'administrative-technical', 'principal'];
const ROLE_HOLDERS: AddressableRole[] = ['school-admin', 'officer', 'approver', 'moderator'];
const STATES: MemberState[] = [
  'pending',
  'account-created',
  'notified',
  'activated',
  'expired',
  'activation-expired',
  'temp-password-expired',
  'password-expired',
];

/**
 * A new message (`POST /v1/messages`): who receives it — a school admin's own institution(s), an
 * operator's listed institutions or every one; only some categories or member states; or the
 * phone-update list — and its subject, email and optional SMS in each of the deployment's
 * languages (the default one required). The API's 400s show under each field; the draft then
 * opens on its own page (recipients, SMS parts, whether it needs approval).
 */
export function ComposePage() {
  const { t } = useDeskI18n(messages);
  const { profile } = useApp();
  const { navigate } = useRouter();
  const mine = useMyInstitutions([...ROLES]);
  const save = useAction();
  const languages = [profile.defaultLocale, ...profile.locales.filter((l) => l !== profile.defaultLocale)] as Locale[];
  const [codes, setCodes] = useState('');
  const [ownCodes, setOwnCodes] = useState<string[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [states, setStates] = useState<MemberState[]>([]);
  const [roles, setRoles] = useState<AddressableRole[]>([]);
  const [phoneUpdateList, setPhoneUpdateList] = useState(false);
  const [texts, setTexts] = useState<Record<'subject' | 'body' | 'sms', Partial<Record<Locale, string>>>>({
    subject: {},
    body: {},
    sms: {},
  });
  const problems = fieldProblems(save.error);
  const filled = (kind: 'subject' | 'body' | 'sms') =>
    Object.fromEntries(Object.entries(texts[kind]).filter(([, v]) => v?.trim())) as Partial<Record<Locale, string>>;
  const setText = (kind: 'subject' | 'body' | 'sms', l: Locale, value: string) =>
    setTexts((before) => ({ ...before, [kind]: { ...before[kind], [l]: value } }));

  const submit = async () => {
    const institutionCodes = mine.everywhere ? listOf(codes).map((c) => c.toUpperCase()) : ownCodes;
    const selection: Selection = {
      ...(institutionCodes.length > 0 && { institutionCodes }),
      ...(phoneUpdateList
        ? { phoneUpdateList: true }
        : {
            ...(categories.length > 0 && { categories }),
            ...(states.length > 0 && { states }),
            ...(roles.length > 0 && { roles }),
          }),
    };
    const sms = filled('sms');
    let messageId = '';
    const ok = await save.run(async (api) => {
      const body = { selection, subject: filled('subject'), body: filled('body'), ...(Object.keys(sms).length > 0 && { sms }) };
      messageId = (await call(api.POST('/v1/messages', { body }))).messageId;
    });
    if (ok) navigate(`/messages/${messageId}`);
  };

  return (
    <DeskPage title={t('compose.title')} description={<Link to="/messages">{t('compose.back')}</Link>}>
      <ActionForm onSubmit={() => void submit()} submitLabel={t('compose.save')} busy={save.busy} error={save.error}>
        <Container header={<Header variant="h2">{t('compose.who')}</Header>}>
          <SpaceBetween size="m">
            {mine.everywhere ? (
              <FormField
                label={t('compose.institutionCodes')}
                constraintText={t('compose.institutionCodesHint')}
                errorText={problems['selection.institutionCodes'] ?? problems['selection.institutionCodes.0']}
                stretch
              >
                <Input value={codes} onChange={({ detail }) => setCodes(detail.value)} autoComplete={false} />
              </FormField>
            ) : mine.codes.length > 1 ? (
              <CheckboxGroup
                label={t('compose.institutionCodes')}
                error={problems['selection.institutionCodes']}
                options={mine.codes.map((c) => ({ value: c, label: c }))}
                value={ownCodes}
                onChange={setOwnCodes}
              />
            ) : (
              mine.codes.length === 1 && <Box>{`${t('desk.institution')}: ${mine.codes[0]}`}</Box>
            )}
            <Checkbox checked={phoneUpdateList} onChange={({ detail }) => setPhoneUpdateList(detail.checked)}>
              {t('compose.phoneUpdateList')}
            </Checkbox>
            {!phoneUpdateList && (
              <ColumnLayout columns={3}>
                <CheckboxGroup
                  label={t('compose.categories')}
                  hint={t('compose.categoriesHint')}
                  error={problems['selection.categories'] ?? problems['selection.categories.0']}
                  options={CATEGORIES.map((c) => ({ value: c, label: t(`compose.categoryNames.${c}`) }))}
                  value={categories}
                  onChange={setCategories}
                />
                <CheckboxGroup
                  label={t('compose.states')}
                  hint={t('compose.statesHint', { notified: t('states.notified') })}
                  error={problems['selection.states'] ?? problems['selection.states.0']}
                  options={STATES.map((x) => ({ value: x, label: t(`states.${x}`) }))}
                  value={states}
                  onChange={setStates}
                />
                <CheckboxGroup
                  label={t('compose.roles')}
                  hint={t('compose.rolesHint')}
                  error={problems['selection.roles'] ?? problems['selection.roles.0']}
                  options={ROLE_HOLDERS.map((r) => ({ value: r, label: t(`compose.roleNames.${r}`) }))}
                  value={roles}
                  onChange={setRoles}
                />
              </ColumnLayout>
            )}
            {problems.selection && (
              <Box color="text-status-error" variant="p">
                {problems.selection}
              </Box>
            )}
          </SpaceBetween>
        </Container>
        <Container
          header={
            <Header
              variant="h2"
              description={t('compose.textsHint', {
                language: LANGUAGE_NAMES[profile.defaultLocale as Locale],
                fields: PERSONAL_FIELDS.join(', '),
              })}
            >
              {t('compose.texts')}
            </Header>
          }
        >
          <SpaceBetween size="l">
            {languages.map((l) => {
              const language = LANGUAGE_NAMES[l];
              return (
                <SpaceBetween size="s" key={l}>
                  <FormField label={t('compose.subject', { language })} errorText={problems[`subject.${l}`]} stretch>
                    <Input value={texts.subject[l] ?? ''} onChange={({ detail }) => setText('subject', l, detail.value)} />
                  </FormField>
                  <FormField label={t('compose.body', { language })} errorText={problems[`body.${l}`]} stretch>
                    <Textarea value={texts.body[l] ?? ''} onChange={({ detail }) => setText('body', l, detail.value)} rows={6} />
                  </FormField>
                  <FormField
                    label={t('compose.sms', { language })}
                    constraintText={t('compose.smsHint')}
                    errorText={problems[`sms.${l}`]}
                    stretch
                  >
                    <Textarea value={texts.sms[l] ?? ''} onChange={({ detail }) => setText('sms', l, detail.value)} rows={2} />
                  </FormField>
                </SpaceBetween>
              );
            })}
          </SpaceBetween>
        </Container>
      </ActionForm>
    </DeskPage>
  );
}

/**
 * Checkboxes under one label, as a fieldset (named by its legend, described by the hint):
 * a Cloudscape FormField would name every checkbox inside it by its own label instead of the
 * checkbox's text.
 */
/** A fieldset or legend without the browser's frame (set through the CSSOM, which the CSP allows). */
const BARE = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;

function CheckboxGroup<V extends string>(props: {
  label: string;
  hint?: string;
  error?: string | undefined;
  options: Array<{ value: V; label: string }>;
  value: V[];
  onChange(value: V[]): void;
}) {
  const id = useId();
  return (
    <fieldset style={BARE} aria-describedby={props.hint ? `${id}-hint` : undefined}>
      <legend style={BARE}>
        <Box variant="awsui-key-label">{props.label}</Box>
      </legend>
      <SpaceBetween size="xxs">
        {props.options.map((o) => (
          <Checkbox
            key={o.value}
            checked={props.value.includes(o.value)}
            onChange={({ detail }) => props.onChange(detail.checked ? [...props.value, o.value] : props.value.filter((x) => x !== o.value))}
          >
            {o.label}
          </Checkbox>
        ))}
        {props.hint && (
          <div id={`${id}-hint`}>
            <Box variant="small" color="text-body-secondary">
              {props.hint}
            </Box>
          </div>
        )}
        {props.error && (
          <Box variant="small" color="text-status-error">
            {props.error}
          </Box>
        )}
      </SpaceBetween>
    </fieldset>
  );
}
