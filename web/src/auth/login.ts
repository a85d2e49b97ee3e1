/** Where to go after signing in: only a path of this console, never another site. */
export function safeNext(next: string | null): string {
  return next && /^\/(?!\/)/.test(next) ? next : '/account';
}

/** A login as typed: trimmed, lower case, the mail domain added when only the name was typed. */
export function normalizeLogin(typed: string, domain: string): string {
  const login = typed.trim().toLowerCase();
  return login && !login.includes('@') ? `${login}@${domain}` : login;
}
