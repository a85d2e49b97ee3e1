import type { Member } from '../members/member';

/**
 * A name as people type it at a help desk: lower case, accents and other marks dropped (NFKD),
 * Turkish dotted and dotless i alike, `ё` as `е`, apostrophes gone and hyphens as spaces, spaces
 * collapsed. Applied to stored names and to the query alike, so "Çelik" is found as "celik",
 * "D'Angelo" as "dangelo" and "Соловьёв" as "соловьев".
 */
export function foldName(text: string): string {
  return text
    .replace(/[İIı]/g, 'i')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’`ʼ]/g, '')
    .replace(/[-‐‑–—_]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The member's entry in the sparse `search` index: one partition per institution, sorted by the
 * folded "family given" name, so a name prefix is a key condition and an institution's members
 * are one query (the index projects only what a search answers, plus phone and address for the
 * phone and login filters). Written with the member in the same put or update, so it never
 * drifts from the names or the institution.
 */
export function searchKeys(member: Pick<Member, 'memberId' | 'institutionCode' | 'familyName' | 'givenName'>) {
  return {
    searchPk: `SEARCH#${member.institutionCode}`,
    searchSk: `${foldName(`${member.familyName} ${member.givenName}`)}#${member.memberId}`,
  };
}
