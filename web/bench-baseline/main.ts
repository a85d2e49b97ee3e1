// The bench's baseline (`npm run bench`, figure 6): the smallest Vite + React page with one
// input, built and loaded exactly as the console is, so the console's time is read as a ratio.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root') as HTMLElement).render(
  createElement('form', null, createElement('label', null, 'Login ', createElement('input', { autoComplete: 'username' }))),
);
