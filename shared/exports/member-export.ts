import { maskPhone } from '../logger';
import type { Member } from '../members/member';
import { csvLine } from './csv-cell';

const HEADER = [
  'memberId',
  'givenName',
  'familyName',
  'institutionCode',
  'category',
  'address',
  'oldAddress',
  'state',
  'lotId',
  'nationalIdLast3',
  'phone',
  'noticesSent',
  'lastNoticeAt',
  // Activation: five wrong codes lock the member out until then (the school admin may tell them).
  'activationLockedUntil',
];

/** Members as CSV for the school's or ministry's own follow-up: masked phone, last 3 ID characters only. */
export function membersCsv(members: Member[]): string {
  return (
    `\uFEFF${csvLine(HEADER)}` +
    members
      .map((m) =>
        csvLine([
          m.memberId,
          m.givenName,
          m.familyName,
          m.institutionCode,
          m.category,
          m.address,
          m.oldAddress,
          m.state,
          m.lotId,
          m.nidLast3,
          maskPhone(m.phone),
          m.noticesSent ?? 0,
          m.lastNoticeAt,
          m.activationLockedUntil,
        ]),
      )
      .join('')
  );
}
