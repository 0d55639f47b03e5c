import type { Figure, MetricName } from "../api/dashboard";
import { EMPTY, formatCurrency, formatNumber } from "../format/format";

export interface MetricCard {
  name: MetricName;
  title: string;
  format: (value: number | null) => string;
  note: string;
}

export const formatPercent = (value: number | null): string =>
  value === null ? EMPTY : `${(value * 100).toFixed(1)}%`;

/** The cards of the dashboard, in reading order. */
export const METRIC_CARDS: MetricCard[] = [
  { name: "active_30", title: "Active members, 30 days", format: formatNumber, note: "a paid order in the 30 days to the period's end" },
  { name: "active_90", title: "Active members, 90 days", format: formatNumber, note: "a paid order in the 90 days to the period's end" },
  { name: "new_members", title: "New members", format: formatNumber, note: "registered in the period" },
  { name: "payers", title: "Paying members", format: formatNumber, note: "a paid order in the period" },
  { name: "repurchase_rate", title: "Repurchase rate", format: formatPercent, note: "paying members who had paid before" },
  { name: "average_order_value", title: "Average order value", format: formatCurrency, note: "paid amount ÷ paid orders" },
  { name: "paid_orders", title: "Paid orders", format: formatNumber, note: "orders that count as purchases" },
  { name: "paid_amount", title: "Paid amount", format: formatCurrency, note: "net of discount and refunds" },
];

export type Trend = "up" | "down" | "flat" | "none";

/** Which way a figure moved against the previous period. */
export function trend(figure: Pick<Figure, "change_pct">): Trend {
  if (figure.change_pct === null) {
    return "none";
  }
  if (figure.change_pct === 0) {
    return "flat";
  }
  return figure.change_pct > 0 ? "up" : "down";
}

/** "+5.2%" / "-3.0%" / "±0%"; "new" when there was nothing before. */
export function formatChange(figure: Figure): string {
  if (figure.change_pct === null) {
    return figure.previous === 0 && (figure.value ?? 0) > 0 ? "new" : EMPTY;
  }
  if (figure.change_pct === 0) {
    return "±0%";
  }
  const sign = figure.change_pct > 0 ? "+" : "";
  return `${sign}${figure.change_pct.toFixed(1)}%`;
}

/** A member count change: "+12", "-3", "0", or "—" with no earlier snapshot. */
export function formatMovement(change: number | null): string {
  if (change === null) {
    return EMPTY;
  }
  return change > 0 ? `+${formatNumber(change)}` : change < 0 ? `-${formatNumber(-change)}` : "0";
}

/** A registration channel as shown: members registered without one are "Not given". */
export function sourceLabel(channel: string | null): string {
  return channel === null || channel === "" ? "Not given" : channel;
}
