/**
 * The console's response headers, one definition for both places that serve it: CloudFront's
 * response headers policy (infra/console-site.ts) and the local runner (local/console-site.ts).
 * No inline script or style is allowed: Vite emits files only, and Cloudscape's dynamic styles
 * are set through the CSSOM, which `style-src 'self'` permits (the Chromium tests fail on any
 * CSP violation).
 */
export function contentSecurityPolicy(connectTo: readonly string[], options: { upgradeInsecureRequests: boolean }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // Cloudscape's fonts are data: URIs inside its stylesheet.
    "font-src 'self' data:",
    "img-src 'self' data:",
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    ...(options.upgradeInsecureRequests ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export const REFERRER_POLICY = 'no-referrer';
/** Features the console never uses, switched off for it and anything it could be tricked into loading. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';
/** Two years, subdomains included: what the HSTS preload list asks for. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** The same headers as a plain map, for a server that writes them itself (the local runner, over HTTP: no HSTS). */
export function securityHeaders(connectTo: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(connectTo, { upgradeInsecureRequests: false }),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': REFERRER_POLICY,
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
  };
}
