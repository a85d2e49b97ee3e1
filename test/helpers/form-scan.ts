import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small but real one-page PDF, as a scanner writes it: the signed reset form's scan in tests. */
export const SMALL_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** `SMALL_PDF` in a file of a fresh temporary folder, for a browser's file picker. */
export function smallPdfFile(name = 'form.pdf'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'posta-scan-')), name);
  writeFileSync(path, SMALL_PDF);
  return path;
}
