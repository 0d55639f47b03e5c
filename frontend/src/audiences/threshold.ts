import type { OrderValue } from "../api/audiences";

/** A coupon threshold and discount fitted to an audience's typical order. */
export interface ThresholdSuggestion {
  median: number;
  threshold: number;
  discount: number;
}

/** The step amounts are rounded to: ¥5 under ¥50, ¥10 under ¥500, ¥50 under ¥2,000, else ¥100. */
function step(amount: number): number {
  if (amount < 50) return 5;
  if (amount < 500) return 10;
  if (amount < 2000) return 50;
  return 100;
}

/** `amount` rounded up to a round step for its size: 73.97 → 80, 196 → 200. */
export function roundUp(amount: number): number {
  const s = step(amount);
  return Math.max(s, Math.ceil(amount / s) * s);
}

/** `amount` rounded down to a round step for its size, at least one step: 18.75 → 15. */
export function roundDown(amount: number): number {
  const s = step(amount);
  return Math.max(s, Math.floor(amount / s) * s);
}

/**
 * "Spend T, get D off" with T the audience's median order value rounded up to a price people
 * quote, so a typical order just reaches it, and D about a quarter of T, rounded down.
 * Null when no member of the audience has ordered.
 */
export function suggestThreshold(orderValue: OrderValue): ThresholdSuggestion | null {
  const median = orderValue.median;
  if (median === null || !Number.isFinite(median) || median <= 0) return null;
  const threshold = roundUp(median);
  const discount = roundDown(threshold / 4);
  return { median, threshold, discount: Math.min(discount, threshold) };
}
