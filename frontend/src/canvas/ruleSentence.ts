import { OP_LABELS } from "../audiences/labels";

type Rule = Record<string, unknown>;

const text = (v: unknown): string =>
  Array.isArray(v) ? v.map(text).join(", ") : v === null || v === undefined ? "" : String(v);
const op = (o: unknown) => OP_LABELS[String(o)] ?? String(o ?? "");
const within = (days: unknown) => (typeof days === "number" ? ` in the last ${days} days` : "");
const between = (v: unknown) => (Array.isArray(v) ? `${text(v[0])} and ${text(v[1])}` : text(v));
const compare = (o: unknown, v: unknown) => `${op(o)} ${o === "between" ? between(v) : text(v)}`.trim();

/** How each kind of condition reads, e.g. "orders in the last 365 days at least 3". */
const KINDS: Record<string, (r: Rule) => string> = {
  profile: (r) => `${text(r.field).replace(/_/g, " ")} ${compare(r.op, r.value)}`,
  attribute: (r) => `${text(r.key)} ${compare(r.op, r.value)}`,
  tag: (r) => `${r.op === "has_not" ? "has no tag" : "has tag"} ${text(r.value)}`,
  consent: (r) => `${r.value === false ? "no" : "gave"} ${text(r.channel)} consent`,
  registered_days_ago: (r) =>
    `registered ${[r.min !== undefined ? `at least ${text(r.min)}` : "", r.max !== undefined ? `at most ${text(r.max)}` : ""].filter(Boolean).join(" and ")} days ago`,
  birthday_within: (r) => `birthday within ${text(r.days)} days`,
  event_count: (r) => `${text(r.name) || text(r.event_type)} events${within(r.window_days)} ${compare(r.op, r.value)}`,
  days_since_last_order: (r) => `days since last order ${compare(r.op, r.value)}`,
  order_count: (r) => `orders${within(r.window_days)} ${compare(r.op, r.value)}`,
  total_spend: (r) => `spend${within(r.window_days)} ${compare(r.op, r.value)}`,
  avg_spend: (r) => `average order${within(r.window_days)} ${compare(r.op, r.value)}`,
  no_first_order: () => "never ordered",
  bought: (r) => `bought ${r.product ? text(r.product) : `from ${text(r.category)}`}${within(r.window_days)}`,
  cart_abandoned: (r) => `abandoned a cart${within(r.window_days)}`,
  rfm: (r) => (r.segment ? `RFM segment is ${text(r.segment)}` : `RFM ${text(r.score).toUpperCase()} ${compare(r.op, r.value)}`),
};

/** A rule tree as one sentence a marketer reads on the canvas. */
export function ruleSentence(rule: unknown): string {
  if (!rule || typeof rule !== "object") return "";
  const r = rule as Rule;
  if (Array.isArray(r.all)) return r.all.length ? r.all.map(part).join(" and ") : "every member";
  if (Array.isArray(r.any)) return r.any.length ? r.any.map(part).join(" or ") : "no member";
  if (r.not) return `not ${part(r.not)}`;
  const kind = KINDS[String(r.kind)];
  return kind ? kind(r).replace(/\s+/g, " ").trim() : String(r.kind ?? "");
}

/** A nested group in brackets, so "a and (b or c)" reads as meant. */
function part(rule: unknown): string {
  const r = rule as Rule;
  const nested = (Array.isArray(r.all) && r.all.length > 1) || (Array.isArray(r.any) && r.any.length > 1);
  return nested ? `(${ruleSentence(rule)})` : ruleSentence(rule);
}
