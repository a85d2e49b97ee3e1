import '@cloudscape-design/global-styles/index.css';
import './app.css';
import { startLoading } from './boot';

/*
 * The staff entry, kept tiny: it asks for the configuration and the profile at once, while the
 * browser fetches the console's own chunk (`console.tsx`, which index.html preloads: see the
 * `preloadConsole` plugin in vite.config.ts). Evaluating that chunk is one long task, so it
 * starts once the profile's request is out; the page renders when both are there.
 */
const loading = startLoading();

void loading.config
  .catch(() => undefined)
  .then(() => import('./console'))
  .then(
    ({ start }) => start(loading),
    () => {
      // The console's own code could not be fetched (offline, a deployment replaced it): say so
      // rather than leave a blank page; reloading fetches the current files.
      const root = document.getElementById('root');
      if (root) root.textContent = 'Posta could not load. Reload the page. · Ricarica la pagina. · Обновите страницу. · Sayfayı yenileyin.';
    },
  );
