import { describe, expect, it } from 'vitest';
import { joinCsvPages, nextPagePath } from '../src/desks/common/download';

describe('a paged CSV download becomes one file', () => {
  it('keeps the first page whole and drops the byte-order mark and header of the others', () => {
    const header = 'at,actor,action\r\n';
    const pages = [`\uFEFF${header}1,a,x\r\n2,b,y\r\n`, `\uFEFF${header}3,c,z\r\n`, `\uFEFF${header}`];
    expect(joinCsvPages(pages)).toBe(`\uFEFF${header}1,a,x\r\n2,b,y\r\n3,c,z\r\n`);
    expect(joinCsvPages([pages[0] as string])).toBe(pages[0]);
  });

  it('asks for the next page with the cursor the API gave, the filters unchanged', () => {
    expect(nextPagePath('/v1/audit.csv?institution=DEMO001&from=2026-12-01', 'abc+/=')).toBe(
      '/v1/audit.csv?institution=DEMO001&from=2026-12-01&cursor=abc%2B%2F%3D',
    );
    expect(nextPagePath('/v1/audit.csv?institution=DEMO001&cursor=old', 'new')).toBe('/v1/audit.csv?institution=DEMO001&cursor=new');
  });
});
