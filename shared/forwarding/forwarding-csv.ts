import { csvLine } from '../exports/csv-cell';
import type { Forwarding } from './forwarding';

/** A page of forwardings as CSV (`from,to,until`), cells neutralized against formula injection. */
export function forwardingsCsv(items: Forwarding[]): string {
  return csvLine(['from', 'to', 'until']) + items.map((f) => csvLine([f.from, f.to, f.until])).join('');
}
