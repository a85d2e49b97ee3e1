import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS } from '../test/helpers/console-browser';

/**
 * `npm run console:screenshots`: copies the staff pages' screenshots the Chromium tests took
 * (test-results/console, after `npx vitest run --project integration test/integration/console.test.ts`
 * and the desks' `console-<desk>.test.ts`)
 * into docs/console/ under stable names, made small with pngquant when it is installed
 * (`apt-get install pngquant`). docs/console.md shows them.
 */
const PICKS: Array<[string, string, string]> = [
  // [folder under test-results/console, screenshot name (without its number), file in docs/console]
  ['it-miur/phone', 'sign-in', 'sign-in.png'],
  ['it-miur/phone', 'new-password', 'new-password.png'],
  ['it-miur/phone', 'account', 'account.png'],
  ['it-miur/phone', 'account-change-refused', 'account-change-refused.png'],
  ['it-miur/phone', 'forgot', 'forgot-password.png'],
  ['it-miur/phone', 'forgot-code-refused', 'forgot-password-code.png'],
  ['it-miur/phone', 'forgot-done', 'forgot-password-done.png'],
  ['it-miur/phone-late-request', 'late-request-invalid', 'late-request.png'],
  ['it-miur/phone-late-request', 'late-request-code', 'late-request-code.png'],
  ['it-miur/phone-late-request', 'late-request-awaiting', 'late-request-awaiting.png'],
  ['it-miur/phone-late-request', 'late-request-approved', 'late-request-approved.png'],
  ['it-miur/desktop-late-request', 'late-request-rejected', 'late-request-rejected-desktop.png'],
  ['it-miur/phone-alternate-email', 'forgot-email', 'forgot-password-email.png'],
  ['it-miur/phone-alternate-email', 'forgot-email-code', 'forgot-password-email-code.png'],
  ['ru-moscow/phone', 'activation', 'activation.png'],
  ['ru-moscow/phone', 'activation-code-refused', 'activation-code.png'],
  ['ru-moscow/phone', 'activation-done', 'activation-done.png'],
  ['tr-meb/phone', 'account-password-changed', 'account-tr-meb.png'],
  ['it-miur/desktop', 'sign-in', 'sign-in-desktop.png'],
  // The school admin's desk and reports (test/integration/console-school.test.ts).
  ['it-miur/school', 'school-history', 'school.png'],
  ['it-miur/school', 'import-refused', 'school-import-refused.png'],
  ['it-miur/school', 'import-checked', 'school-import-mapped.png'],
  ['it-miur/school', 'import-done', 'school-import-done.png'],
  ['it-miur/school', 'late-requests', 'school-late-requests.png'],
  ['it-miur/school', 'reports', 'reports.png'],
  ['it-miur/school-403-support', 'school-forbidden-support', 'school-forbidden.png'],
  ['ru-moscow/school', 'school-activated', 'school-ru-moscow.png'],
  // The operator's, resets and groups desks (test/integration/console-operator.test.ts).
  ['operator/it-miur', 'institution-saved', 'operator-institutions.png'],
  ['operator/it-miur', 'lot-scheduled', 'operator-lot-scheduled.png'],
  ['operator/it-miur', 'lot-launched', 'operator-lot-launched.png'],
  ['operator/it-miur', 'rollout', 'operator-rollout.png'],
  ['operator/it-miur', 'roles-granted-en', 'operator-roles-en.png'],
  ['operator/it-miur-hold', 'member-held', 'desk-support-held.png'],
  ['operator/tr-meb-officer', 'resets-filed', 'resets-officer-tr-meb.png'],
  ['operator/tr-meb-officer', 'operator-desk-forbidden', 'desk-forbidden.png'],
  ['operator/ru-moscow-officer', 'resets-awaiting', 'resets-awaiting-ru-moscow.png'],
  ['operator/ru-moscow-approver', 'resets-queue', 'resets-queue-ru-moscow.png'],
  ['operator/ru-moscow-moderator', 'groups-name-refused', 'groups.png'],
  ['operator/ru-moscow-moderator', 'group-members', 'group-members.png'],
  // The support and audit desks (test/integration/console-support.test.ts), desktop.
  ['desks-support/agent', 'support-results', 'desk-support-search.png'],
  ['desks-support/agent', 'support-reset-sent', 'desk-support-member.png'],
  ['desks-support/agent', 'support-delegation', 'desk-support-delegation.png'],
  ['desks-support/auditor', 'audit-verified', 'desk-audit.png'],
  ['desks-support/staff', 'staff-on-support', 'desk-support-forbidden.png'],
  // The messages desk (test/integration/console-messages.test.ts), desktop.
  ['it-miur/messages', 'message-draft', 'messages-draft.png'],
  ['it-miur/messages', 'message-sent', 'messages-sent.png'],
  ['it-miur/messages-approval', 'message-approve-refused', 'messages-approve-refused.png'],
  ['it-miur/messages-approver', 'messages-operator', 'messages-operator-ru.png'],
  // The institution mailboxes desk (test/integration/console-mailboxes.test.ts), tr-meb.
  ['mailboxes/officer', 'mailboxes-registered', 'mailboxes-registered.png'],
  ['mailboxes/officer', 'mailbox-change-filed', 'mailbox-change-filed.png'],
  ['mailboxes/approver', 'mailboxes-approver', 'mailboxes-approver.png'],
  ['ru-moscow/school-reopen', 'school-reopen-refused', 'school-reopen.png'],
  ['ru-moscow/support-reopen', 'support-member-reopened', 'desk-support-reopened.png'],
  ['operator/it-miur-bulk', 'institutions-bulk-refused', 'operator-institutions-bulk.png'],
  ['desks-support/agent', 'support-progress', 'desk-support-progress.png'],
];

const target = join(import.meta.dirname, '..', 'docs', 'console');
mkdirSync(target, { recursive: true });
const pngquant = (() => {
  try {
    execFileSync('pngquant', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

for (const [folder, name, file] of PICKS) {
  const dir = join(SCREENSHOTS, folder);
  const shot = existsSync(dir) ? readdirSync(dir).find((f) => f.replace(/^\d+-/, '') === `${name}.png`) : undefined;
  if (!shot) throw new Error(`no screenshot ${folder}/${name}: run the console's Chromium tests first`);
  const out = join(target, file);
  if (pngquant) execFileSync('pngquant', ['--quality', '60-85', '--speed', '1', '--strip', '--force', '--output', out, join(dir, shot)]);
  else copyFileSync(join(dir, shot), out);
  console.log(`${file.padEnd(32)} ${Math.round(statSync(out).size / 1024)} KB`);
}
