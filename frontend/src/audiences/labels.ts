import { humanize } from "../format/format";

export const OP_LABELS: Record<string, string> = {
  eq: "is",
  ne: "is not",
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  is_set: "is set",
  is_not_set: "is not set",
  gt: "more than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  between: "between",
  before: "before",
  after: "after",
  has: "has",
  has_not: "has not",
};

const KEY_LABELS: Record<string, string> = {
  window_days: "In the last (days)",
  event_type: "Event type",
  name: "Event name",
  key: "Attribute key",
  product: "Product SKU",
  category: "Category key",
  min: "At least (days)",
  max: "At most (days)",
  days: "Days ahead",
  score: "Score",
  segment: "Segments",
  risk: "Churn risk",
  channel: "Channel",
  property: "Property",
  op: "Operator",
  value: "Value",
};

const OPTION_LABELS: Record<string, Record<string, string>> = {
  score: { r: "Recency (R)", f: "Frequency (F)", m: "Monetary (M)" },
  channel: { sms: "SMS" },
  __mode: { product: "Product", category: "Category", segment: "Segment", score: "Score" },
};

/** The label of a condition key for a placeholder, an aria-label or an error. */
export function keyLabel(key: string): string {
  return KEY_LABELS[key] ?? humanize(key);
}

/** How one option of a select reads to a marketer. */
export function optionLabel(key: string, option: string): string {
  if (key === "op") return OP_LABELS[option] ?? humanize(option);
  if (key === "segment" || key === "value") return option;
  return OPTION_LABELS[key]?.[option] ?? humanize(option);
}
