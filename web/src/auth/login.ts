/** Where to go after signing in: only a path of this console, never another site. */
export function safeNext(next: string | null): string {
  return next && /^\/(?!\/)/.test(next) ? next : '/account';
}

/**
 * A login as typed: trimmed, lower case, the mail domain added when only the name was typed.
 * Folded as the API folds it (shared/staff/login.ts `foldLogin`): NFKC (full-width letters), and
 * Turkish `İ`/`ı` as `i` — the default `toLowerCase` turns `İ` (a Turkish keyboard's `i` with
 * caps lock) into `i` + U+0307, which matches no address. Other letters are kept: an
 * administrator's address is not ours to romanize.
 */
export function normalizeLogin(typed: string, domain: string): string {
  const login = typed
    .normalize('NFKC')
    .trim()
    .replace(/[İı]/g, 'i')
    .toLowerCase()
    .replace(/i\u0307/g, 'i');
  return login && !login.includes('@') ? `${login}@${domain}` : login;
}
