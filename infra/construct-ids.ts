/** `getMe` → `GetMe`, `send-email` → `SendEmail`: catalog ids as readable construct ids. */
export const pascal = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
