import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CloudscapeLink from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { Suspense, useEffect, useRef } from 'react';
import { LANGUAGE_NAMES, type Locale } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';
import { NotFoundPage } from '../pages/NotFoundPage';
import { useApp, useSession } from './context';
import { useMe } from './me';
import { findRoute, menuFor } from './menu';
import { Link, ParamsProvider, useRouter } from './router';
import { ROUTES } from './routes';

export function App({ onLocale }: { onLocale: (locale: Locale) => void }) {
  const { profile, sessions } = useApp();
  const session = useSession();
  const { t, locale } = useI18n();
  const { path, navigate } = useRouter();
  const main = useRef<HTMLElement>(null);

  const { me } = useMe();
  const found = path === '/' ? undefined : findRoute(path, profile, ROUTES);
  const route = found?.route;
  const needsSignIn = route?.access?.signedIn && !session;

  useEffect(() => {
    if (path === '/') navigate(session ? '/account' : '/sign-in', { replace: true });
    else if (needsSignIn) navigate(`/sign-in?next=${encodeURIComponent(path)}`, { replace: true });
  }, [path, session, needsSignIn, navigate]);

  // A new page: focus moves to its content, so keyboard and screen-reader users start there.
  const shown = useRef(path);
  useEffect(() => {
    if (shown.current === path) return;
    shown.current = path;
    main.current?.focus();
  }, [path]);

  const Page = route && !needsSignIn ? route.page : path === '/' || needsSignIn ? null : NotFoundPage;
  const menu = session ? menuFor(me?.roles ?? [], profile, ROUTES) : [];

  return (
    <div className="posta-shell">
      <a className="posta-skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="posta-header">
        <div className="posta-brand">
          <Box variant="span" fontWeight="bold" fontSize="heading-s">
            {t('app.product')}
          </Box>
          <Box variant="span" color="text-body-secondary" fontSize="body-s">
            {profile.ministry}
          </Box>
        </div>
        <div className="posta-tools">
          <LanguageSwitch current={locale} offered={profile.locales} label={t('app.language')} onLocale={onLocale} />
          {session && (
            <span className="posta-sign-out">
              <Button
                onClick={async () => {
                  await sessions.signOut();
                  navigate('/sign-in?signedOut=1');
                }}
              >
                {t('app.signOut')}
              </Button>
            </span>
          )}
        </div>
        {session && (
          <nav className="posta-menu" aria-label={t('app.product')}>
            <SpaceBetween direction="horizontal" size="m">
              <Box variant="span" color="text-body-secondary" fontSize="body-s">
                {t('app.signedInAs', { login: session.login })}
              </Box>
              {menu.map((item) => (
                <Link key={item.path} to={item.path}>
                  {t(item.label)}
                </Link>
              ))}
            </SpaceBetween>
          </nav>
        )}
      </header>
      {/* The desks (pages for roles) take the width their tables need; the staff pages stay a readable column. */}
      <main id="main" ref={main} tabIndex={-1} className={route?.access?.roles ? 'posta-main posta-main-wide' : 'posta-main'}>
        <Suspense fallback={<Box>{t('app.loading')}</Box>}>
          {Page && (
            <ParamsProvider params={found?.params ?? {}}>
              <Page />
            </ParamsProvider>
          )}
        </Suspense>
      </main>
      <footer className="posta-footer">
        <Box variant="h2" fontSize="heading-xs">
          {t('app.helpdesk')}
        </Box>
        {/* A plain list, not KeyValuePairs: its column layout measures itself while the first page
            renders (a forced layout on every page load, for three short lines). */}
        <Box>
          <dl className="posta-helpdesk">
            <div>
              <dt>
                <Box variant="awsui-key-label">{t('app.helpdeskEmail')}</Box>
              </dt>
              <dd>
                <CloudscapeLink href={`mailto:${profile.helpdesk.email}`}>{profile.helpdesk.email}</CloudscapeLink>
              </dd>
            </div>
            <div>
              <dt>
                <Box variant="awsui-key-label">{t('app.helpdeskPhone')}</Box>
              </dt>
              <dd>
                <CloudscapeLink href={`tel:${profile.helpdesk.phone}`}>{profile.helpdesk.phone}</CloudscapeLink>
              </dd>
            </div>
            <div>
              <dt>
                <Box variant="awsui-key-label">{t('app.helpdeskHours')}</Box>
              </dt>
              <dd>{profile.helpdesk.hours}</dd>
            </div>
          </dl>
        </Box>
      </footer>
    </div>
  );
}

/**
 * The languages, each named in itself and marked with its `lang`, the current one in bold: one
 * tap on a phone, and light (a dropdown would add its whole machinery to the staff entry).
 */
function LanguageSwitch({
  current,
  offered,
  label,
  onLocale,
}: {
  current: Locale;
  offered: readonly Locale[];
  label: string;
  onLocale: (l: Locale) => void;
}) {
  return (
    <nav aria-label={label} className="posta-language">
      <ul>
        {offered.map((l) => (
          <li key={l}>
            {l === current ? (
              <span lang={l} aria-current="true">
                <Box variant="strong">{LANGUAGE_NAMES[l]}</Box>
              </span>
            ) : (
              <Button variant="inline-link" nativeButtonAttributes={{ lang: l }} onClick={() => onLocale(l)}>
                {LANGUAGE_NAMES[l]}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
