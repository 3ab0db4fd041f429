/** How the metric commands print values: `fid=12.3456, kid=0.0123 ± 0.0004`, seven significant digits. */
import type { MetricValue } from '../metrics/types.js';

/** `12.3456` or `0.0123 ± 0.0004`. */
export function formatValue(v: MetricValue): string {
  const f = (x: number) => String(Number(x.toPrecision(7)));
  return typeof v === 'number' ? f(v) : `${f(v.mean)} ± ${f(v.std)}`;
}

/** One line of `name=value` pairs. */
export function formatMetrics(result: Record<string, MetricValue>): string {
  return Object.entries(result)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(', ');
}
