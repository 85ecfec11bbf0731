/** Order statistics, the way the benchmark reports them: medians and p95, never one timing. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const low = Math.floor(pos);
  const high = Math.ceil(pos);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (pos - low);
}

export const median = (values: number[]) => quantile(values, 0.5);
export const p95 = (values: number[]) => quantile(values, 0.95);
export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
