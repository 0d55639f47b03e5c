import type { ExperimentArm, ExperimentComparison, ExperimentPanel } from "../api/reports";
import { EMPTY, formatCurrency } from "../format/format";
import { formatPoints, formatRate, formatRelative, formatSignedCurrency } from "./figures";

const MINUS = "\u2212";

function finite(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** A plain figure per member with two decimals: 0.4166 → "0.42", −0.25 → "−0.25". */
function perMember(value: number | null | undefined, sign = false): string {
  if (!finite(value)) return EMPTY;
  const text = Math.abs(value).toFixed(2);
  if (/^[^1-9]*$/.test(text)) return text;
  if (value < 0) return `${MINUS}${text}`;
  return sign ? `+${text}` : text;
}

/** An arm's estimate as its metric reads: a rate "36.7%", revenue per member "¥12.40",
 * orders per member "0.42". */
export function formatEstimate(panel: Pick<ExperimentPanel, "kind" | "metric">, value: number | null | undefined): string {
  if (panel.kind === "rate") return formatRate(value);
  if (panel.metric === "revenue") return finite(value) ? formatCurrency(value) : EMPTY;
  return perMember(value);
}

/** A variant's difference from the control: rates in percentage points "+4.2 pp", revenue
 * "+¥3.10", orders per member "+0.12". */
export function formatDifference(panel: Pick<ExperimentPanel, "kind" | "metric">, value: number | null | undefined): string {
  if (panel.kind === "rate") return formatPoints(value);
  if (panel.metric === "revenue") return formatSignedCurrency(value);
  return perMember(value, true);
}

/** A p-value to three decimals, the smallest ones as "< 0.001". */
export function formatPValue(p: number | null | undefined): string {
  if (!finite(p)) return EMPTY;
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

/** The lift relative to the control's estimate: "+30.5%"; none when the control is zero. */
export function relativeLift(difference: number | null | undefined, control: number | null | undefined): string {
  if (!finite(difference) || !finite(control) || control === 0) return EMPTY;
  return formatRelative(difference / control);
}

/** A variant's lift as the panel writes it: the difference, then relative to the control
 * when the control's estimate is not zero — "+4.2 pp (+30.5%)". */
export function liftText(panel: Pick<ExperimentPanel, "kind" | "metric">, difference: number | null | undefined, control: number | null | undefined): string {
  const absolute = formatDifference(panel, difference);
  const relative = relativeLift(difference, control);
  return relative === EMPTY ? absolute : `${absolute} (${relative})`;
}

/** What the arm counted: conversions for a rate, the sum for a mean. */
export function countLabel(panel: Pick<ExperimentPanel, "kind" | "metric">): string {
  if (panel.kind === "rate") return "Conversions";
  return panel.metric === "revenue" ? "Revenue" : panel.metric === "orders" ? "Orders" : "Total";
}

/** An arm's conversions (a rate) or total (a mean), written out. */
export function formatCount(panel: Pick<ExperimentPanel, "kind" | "metric">, arm: ExperimentArm): string {
  if (panel.kind === "rate") return finite(arm.conversions) ? arm.conversions.toLocaleString("en-US") : EMPTY;
  if (!finite(arm.total)) return EMPTY;
  return panel.metric === "revenue" ? formatCurrency(arm.total) : arm.total.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

export type ExperimentState = "not_started" | "testing" | "decided" | "not_significant";

/** The status tag: testing, decided (a significant winner), or not significant (the fallback). */
export function experimentState(panel: Pick<ExperimentPanel, "status" | "significant">): ExperimentState {
  if (panel.status === "decided") return panel.significant ? "decided" : "not_significant";
  return panel.status;
}

export const STATE_TAGS: Record<ExperimentState, { label: string; color: string }> = {
  not_started: { label: "Not started", color: "default" },
  testing: { label: "Testing", color: "processing" },
  decided: { label: "Decided", color: "success" },
  not_significant: { label: "Not significant", color: "warning" },
};

export interface ExperimentRow {
  key: string;
  label: string;
  control: boolean;
  winner: boolean;
  arm: ExperimentArm;
  /** Against the control; null on the control's own row. */
  comparison: ExperimentComparison | null;
}

/** One row per arm in variant order, the control first, each with its comparison. */
export function experimentRows(panel: Pick<ExperimentPanel, "arms" | "comparisons" | "winner" | "variants">): ExperimentRow[] {
  const keys = Object.keys(panel.arms);
  const byVariant = new Map(panel.comparisons.map((c) => [c.variant, c]));
  return keys.map((key, index) => ({
    key,
    label: variantLabel(panel, key),
    control: index === 0,
    winner: panel.winner === key,
    arm: panel.arms[key] as ExperimentArm,
    comparison: byVariant.get(key) ?? null,
  }));
}

/** A variant as the marketer named it on the canvas. */
export function variantLabel(panel: Pick<ExperimentPanel, "variants">, key: string): string {
  return panel.variants?.[key] ?? key;
}

/** Holm-adjusted p-values are shown when more than one variant is compared with the control. */
export function showsAdjusted(panel: Pick<ExperimentPanel, "comparisons">): boolean {
  return panel.comparisons.length > 1;
}

/** The progress bar's percent, 0–100, whole. */
export function progressPercent(progress: number | null | undefined): number {
  if (!finite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** "Smallest arm: 34 of the 100 members each arm needs" (or that the minimum is reached). */
export function progressSentence(panel: Pick<ExperimentPanel, "arms" | "min_sample_per_arm">): string {
  const sizes = Object.values(panel.arms).map((a) => a.members);
  const smallest = sizes.length ? Math.min(...sizes) : 0;
  const need = panel.min_sample_per_arm.toLocaleString("en-US");
  if (smallest >= panel.min_sample_per_arm) return `Every arm has the ${need} members it needs`;
  return `Smallest arm: ${smallest.toLocaleString("en-US")} of the ${need} members each arm needs`;
}

/** "Conversion, fixed horizon, α = 0.05" — what the experiment decides on and how. */
export function methodSentence(panel: Pick<ExperimentPanel, "metric_label" | "mode" | "alpha" | "kind">): string {
  const test = panel.kind === "rate" ? "two-proportion z test" : "Welch's t-test";
  const mode = panel.mode === "sequential" ? "sequential, always-valid p-values" : "fixed horizon";
  return `On ${panel.metric_label}; ${test}, ${mode}, α = ${panel.alpha}`;
}
