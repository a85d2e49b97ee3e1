/**
 * One CSV cell, safe to open in a spreadsheet: quoted when it holds a separator, a quote or a
 * line break, and prefixed with an apostrophe when it starts like a formula (`=`, `+`, `-`,
 * `@`, tab, carriage return), so a name such as `=HYPERLINK(…)` stays text (OWASP CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: Array<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
