/** One measured figure: what it is, the value, the goal and how far from it. */
export interface Row {
  figure: string;
  label: string;
  value: number;
  unit: string;
  goal: string;
  /** value ÷ goal bound (≤ 1 meets a "≤" goal; ≥ 1 meets a "≥" goal), or null where none applies. */
  ratio: number | null;
  ok: boolean;
}

export function lessThanOrEqual(figure: string, label: string, value: number, unit: string, bound: number, goal?: string): Row {
  return { figure, label, value, unit, goal: goal ?? `≤ ${bound} ${unit}`, ratio: value / bound, ok: value <= bound };
}

export function atLeast(figure: string, label: string, value: number, unit: string, bound: number, goal?: string): Row {
  return { figure, label, value, unit, goal: goal ?? `≥ ${bound} ${unit}`, ratio: value / bound, ok: value >= bound };
}

/** A count that must be exactly `expected` (lost or duplicated messages): no ratio, it is met or not. */
export function exactly(figure: string, label: string, value: number, unit: string, expected: number): Row {
  return { figure, label, value, unit, goal: `= ${expected} ${unit}`, ratio: null, ok: value === expected };
}

/** A measure printed for context (a baseline, a breakdown): no goal, never missed. */
export function informative(figure: string, label: string, value: number, unit: string): Row {
  return { figure, label, value, unit, goal: 'informative', ratio: null, ok: true };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** A plain-text table: one line per row, widest cell per column. */
export function table(rows: Row[]): string {
  const cells = [
    ['figure', 'measure', 'value', 'goal', 'ratio', ''],
    ...rows.map((r) => [
      r.figure,
      r.label,
      `${fmt(r.value)} ${r.unit}`,
      r.goal,
      r.ratio === null ? '–' : fmt(r.ratio),
      r.ok ? 'ok' : 'MISSED',
    ]),
  ];
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? '').length))) ?? [];
  return cells
    .map((c) =>
      c
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
