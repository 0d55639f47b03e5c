/** Colours and words for the churn risk levels, shared by the profile and the Insights page. */
export const RISK_COLORS: Record<string, string> = { low: "green", medium: "gold", high: "red" };
export const RISK_FILL: Record<string, string> = { low: "#2f9e44", medium: "#f08c00", high: "#e03131" };

/** "62%" for a probability. */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The label of a histogram bin: "0–0.1", "¥200–¥400", "≥ ¥2,000" for an open last bin. */
export function binLabel(low: number, high: number, last: boolean, openTop: boolean, unit = ""): string {
  const fmt = (v: number) => `${unit}${Number.isInteger(v) ? v.toLocaleString("en-US") : String(Number(v.toFixed(2)))}`;
  if (last && openTop) return `≥ ${fmt(low)}`;
  return `${fmt(low)}–${fmt(high)}`;
}
