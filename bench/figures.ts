/**
 * The benchmark's figures (issue 8): each with its target, how it compares, and the value a run
 * measured. Written to bench/results.json and as a table into docs/PERFORMANCE.md.
 */
export interface Figure {
  id: string;
  name: string;
  value: number | null;
  unit: string;
  target: number;
  /** How the value must compare with the target to meet it. */
  compare: '<' | '<=' | '>=' | '==';
  /** What the number is made of (p50/p95, counts), shown beside it. */
  detail?: string;
}

export function meets(figure: Figure): boolean | null {
  if (figure.value === null) return null;
  if (figure.compare === '<') return figure.value < figure.target;
  if (figure.compare === '<=') return figure.value <= figure.target;
  if (figure.compare === '>=') return figure.value >= figure.target;
  return figure.value === figure.target;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function markdownTable(figures: Figure[]): string {
  const rows = figures.map((figure) => {
    const met = meets(figure);
    const value = figure.value === null ? 'not measured' : `${figure.value} ${figure.unit}`.trim();
    return `| ${figure.id} | ${figure.name} | ${value} | ${figure.compare} ${figure.target} ${figure.unit}`.trimEnd() + ` | ${met === null ? '—' : met ? 'yes' : '**no**'} | ${figure.detail ?? ''} |`;
  });
  return ['| id | figure | measured | target | met | detail |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
