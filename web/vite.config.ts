import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * One build for every profile and every deployment: what differs (API URL, user pool, the
 * ministry's profile) is read at run time from `/config.json` and `GET /v1/profile`.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts and icons stay files (or the CSS's own data: fonts); nothing is inlined into scripts.
    assetsInlineLimit: 0,
    // Staff pages must fit a phone's budget; `npm run bench` measures it against a goal.
    chunkSizeWarningLimit: 800,
  },
});
