import type { EarningBand, EarningRule } from "../../../api/points";

function n(value: string | number): number {
  return typeof value === "number" ? value : Number(value);
}

function yuan(value: string | number): string {
  const v = n(value);
  return `¥${Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2)}`;
}

/** Bands as a sentence: "1 point per ¥1 · from ¥500: 1.5 points per ¥1". */
export function describeBands(bands: EarningBand[]): string {
  return [...bands]
    .sort((a, b) => n(a.min_amount) - n(b.min_amount))
    .map((b) => {
      const rate = n(b.rate);
      const text = `${rate} point${rate === 1 ? "" : "s"} per ¥1`;
      return n(b.min_amount) > 0 ? `from ${yuan(b.min_amount)}: ${text}` : text;
    })
    .join(" · ");
}

/** The form's rule with numbers for the API, bands in order of their minimum. */
export function ruleBody(rule: EarningRule): EarningRule {
  return {
    ...rule,
    key: rule.key.trim(),
    name: rule.name.trim(),
    bands: [...rule.bands]
      .map((b) => ({ min_amount: n(b.min_amount), rate: n(b.rate) }))
      .sort((a, b) => a.min_amount - b.min_amount),
    expires_after_days: rule.expires_after_days || null,
  };
}

/** Tier thresholds as the API wants them: only the tiers above basic, with a value. */
export function tierLevels(order: string[], values: Record<string, number | null | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tier of order.slice(1)) {
    const v = values[tier];
    if (v !== null && v !== undefined) {
      out[tier] = v;
    }
  }
  return out;
}
