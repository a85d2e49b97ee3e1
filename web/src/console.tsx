import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import type { I18nProviderProps } from '@cloudscape-design/components/i18n';
import { I18nProvider } from '@cloudscape-design/components/i18n';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/client';
import { App } from './app/App';
import { AppProvider, type AppServices } from './app/context';
import { MeProvider } from './app/me';
import { preloadOffered } from './app/menu';
import { RouterProvider } from './app/router';
import { ROUTES } from './app/routes';
import { lazyCognitoAuth } from './auth/lazy-cognito';
import { createSessionStore } from './auth/session';
import { type Loading, startLoading } from './boot';
import { isLocale, LOCALES, type Locale } from './i18n/catalog';
import { cloudscapeRu } from './i18n/cloudscape-ru';
import { I18nScope, useI18n } from './i18n/i18n';

/*
 * The console itself: a chunk of its own, loaded by the staff entry (`main.tsx`) while it asks for
 * the configuration and the profile (`boot.ts`); `start` renders it once both are there.
 */

const LOCALE_KEY = 'posta.locale';

/** The user's own choice if they made one, else the profile's language. */
function initialLocale(fallback: Locale, offered: readonly string[]): Locale {
  const chosen = localStorage.getItem(LOCALE_KEY);
  return isLocale(chosen) && offered.includes(chosen) ? chosen : fallback;
}

/** Cloudscape's own component strings: its files for it, tr and en (each loaded when chosen), ours for Russian. */
const CLOUDSCAPE_MESSAGES: Record<Locale, () => Promise<I18nProviderProps.Messages>> = {
  it: () => import('@cloudscape-design/components/i18n/messages/all.it').then((m) => m.default),
  tr: () => import('@cloudscape-design/components/i18n/messages/all.tr').then((m) => m.default),
  en: () => import('@cloudscape-design/components/i18n/messages/all.en').then((m) => m.default),
  ru: async () => cloudscapeRu,
};

async function cloudscapeMessages(locale: Locale): Promise<ReadonlyArray<I18nProviderProps.Messages>> {
  return [await CLOUDSCAPE_MESSAGES[locale]()];
}

/**
 * The console in its language. Cloudscape's own strings for it come as a chunk of their own; the
 * page renders at once and takes them when they arrive (a few ARIA labels in English meanwhile).
 */
function Root({ services, locale: first }: { services: AppServices; locale: Locale }) {
  const [locale, setLocale] = useState(first);
  const [messages, setMessages] = useState<ReadonlyArray<I18nProviderProps.Messages>>([]);
  useEffect(() => {
    document.documentElement.lang = locale;
    let current = true;
    void cloudscapeMessages(locale).then((m) => current && setMessages(m));
    return () => {
      current = false;
    };
  }, [locale]);
  // The Cognito SDK is needed only when someone signs in (or a session refreshes), the other
  // staff pages only when opened: fetched once the first page is on screen and the browser is
  // idle, not competing with it.
  useEffect(() => {
    const later = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    later(() => {
      services.auth.preload();
      preloadOffered(services.profile, ROUTES);
    });
  }, [services.auth, services.profile]);
  const switchTo = (next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocale(next);
  };
  return (
    <I18nProvider locale={locale} messages={messages}>
      <I18nScope locale={locale} timeZone={services.profile.timeZone}>
        <AppProvider services={services}>
          <MeProvider>
            <RouterProvider>
              <App onLocale={switchTo} />
            </RouterProvider>
          </MeProvider>
        </AppProvider>
      </I18nScope>
    </I18nProvider>
  );
}

/** Shown when the configuration or the profile cannot be read: nothing else can work without them. */
function Unavailable({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = t('app.unavailableTitle');
  }, [t]);
  return (
    <main className="posta-main" id="main">
      <Box variant="h1">{t('app.unavailableTitle')}</Box>
      <Box margin={{ vertical: 'm' }}>{t('app.unavailableText')}</Box>
      <Button onClick={onRetry}>{t('app.retry')}</Button>
    </main>
  );
}

let root: ReturnType<typeof createRoot> | undefined;

/**
 * Renders the console once the configuration and the profile (asked for by the staff entry,
 * `boot.ts`) are there; "unavailable", with a retry, when either cannot be read.
 */
export async function start(loading: Loading): Promise<void> {
  root ??= createRoot(document.getElementById('root') as HTMLElement);
  try {
    const [config, profile] = await Promise.all([loading.config, loading.profile]);
    const auth = lazyCognitoAuth(config);
    const sessions = createSessionStore(auth);
    // Problems come back in the console's language (the API localizes `detail` by Accept-Language).
    const api = createApi(
      config.apiUrl || window.location.origin,
      () => sessions.accessToken(),
      () => document.documentElement.lang,
    );
    const locale = initialLocale(profile.defaultLocale, profile.locales);
    root.render(<Root services={{ config, profile, api, auth, sessions }} locale={locale} />);
  } catch {
    const browser = navigator.languages.map((l) => l.slice(0, 2)).find(isLocale) ?? LOCALES[3];
    document.documentElement.lang = browser;
    root.render(
      <I18nScope locale={browser} timeZone={Intl.DateTimeFormat().resolvedOptions().timeZone}>
        <Unavailable onRetry={() => void start(startLoading())} />
      </I18nScope>,
    );
  }
}
