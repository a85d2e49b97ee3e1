import react from '@vitejs/plugin-react';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

/**
 * index.html asks for the console's own chunk (`src/console.tsx`, imported dynamically by the
 * tiny staff entry) and its stylesheet at once, beside the entry, `/config.json` and the global
 * styles: the browser downloads everything in parallel while the entry already asks for the
 * profile. Without this the chunk would be requested only once the entry had run.
 */
function preloadConsole(): Plugin {
  return {
    name: 'posta-preload-console',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/console.tsx'));
        if (chunk?.type !== 'chunk') throw new Error('preloadConsole: no chunk for src/console.tsx');
        const tags: HtmlTagDescriptor[] = [...(chunk.viteMetadata?.importedCss ?? [])].map((href) => ({
          tag: 'link',
          attrs: { rel: 'stylesheet', crossorigin: true, href: `/${href}` },
          injectTo: 'head',
        }));
        // Its imports, less the entry itself (index.html loads that already).
        const entries = new Set(Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' && c.isEntry ? [c.fileName] : [])));
        for (const file of [chunk.fileName, ...chunk.imports.filter((f) => !entries.has(f))]) {
          tags.push({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' });
        }
        return tags;
      },
    },
  };
}

/**
 * One build for every profile and every deployment: what differs (API URL, user pool, the
 * ministry's profile) is read at run time from `/config.json` and `GET /v1/profile`.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadConsole()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts and icons stay files (or the CSS's own data: fonts); nothing is inlined into scripts.
    assetsInlineLimit: 0,
    // Staff pages must fit a phone's budget; `npm run bench` measures it against a goal.
    chunkSizeWarningLimit: 800,
  },
});
