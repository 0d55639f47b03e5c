import dayjs, { type Dayjs } from "dayjs";
import type { Reward, RewardBody, RewardKind, Tier } from "../../api/rewards";
import { formatDate, formatNumber } from "../../format/format";

export const KIND_OPTIONS: { value: RewardKind; label: string }[] = [
  { value: "coupon", label: "Coupon" },
  { value: "product", label: "Product" },
  { value: "lottery", label: "Lottery entry" },
];

/** The values the reward form edits. */
export interface RewardFormValues {
  key: string;
  name: string;
  description: string;
  kind: RewardKind;
  points_price: number | null;
  coupon_template: string | null;
  product_sku: string | null;
  unlimitedStock: boolean;
  stock_total: number | null;
  unlimitedPerMember: boolean;
  per_member_limit: number | null;
  tiers: Tier[];
  window: [Dayjs | null, Dayjs | null] | null;
  active: boolean;
}

export const NEW_REWARD: RewardFormValues = {
  key: "",
  name: "",
  description: "",
  kind: "coupon",
  points_price: 500,
  coupon_template: null,
  product_sku: null,
  unlimitedStock: false,
  stock_total: 100,
  unlimitedPerMember: false,
  per_member_limit: 1,
  tiers: [],
  window: null,
  active: true,
};

export function rewardToForm(r: Reward): RewardFormValues {
  return {
    key: r.key,
    name: r.name,
    description: r.description,
    kind: r.kind,
    points_price: r.points_price,
    coupon_template: r.coupon_template,
    product_sku: r.product_sku,
    unlimitedStock: r.stock_total === null,
    stock_total: r.stock_total,
    unlimitedPerMember: r.per_member_limit === null,
    per_member_limit: r.per_member_limit,
    tiers: r.tiers,
    window: r.starts_at || r.ends_at ? [r.starts_at ? dayjs(r.starts_at) : null, r.ends_at ? dayjs(r.ends_at) : null] : null,
    active: r.active,
  };
}

export function formToReward(v: RewardFormValues): RewardBody {
  const [start, end] = v.window ?? [null, null];
  return {
    key: v.key.trim(),
    name: v.name.trim(),
    description: v.description ?? "",
    kind: v.kind,
    points_price: v.points_price ?? 0,
    coupon_template: v.kind === "coupon" ? v.coupon_template : null,
    product_sku: v.kind === "product" ? (v.product_sku?.trim() || null) : null,
    stock_total: v.unlimitedStock ? null : v.stock_total,
    per_member_limit: v.unlimitedPerMember ? null : v.per_member_limit,
    tiers: v.tiers ?? [],
    starts_at: start ? start.toISOString() : null,
    ends_at: end ? end.toISOString() : null,
    active: v.active,
  };
}

/** The form field a server problem belongs to (`starts_at` and `ends_at` are the window). */
export function formFieldOf(field: string): keyof RewardFormValues | null {
  if (field === "starts_at" || field === "ends_at") {
    return "window";
  }
  const known: (keyof RewardFormValues)[] = [
    "key",
    "name",
    "description",
    "kind",
    "points_price",
    "coupon_template",
    "product_sku",
    "stock_total",
    "per_member_limit",
    "tiers",
    "active",
  ];
  const name = field.split(".")[0] as keyof RewardFormValues;
  return known.includes(name) ? name : null;
}

/** What a reward gives, in a few words. */
export function describeReward(r: Pick<Reward, "kind" | "coupon_template" | "product_sku" | "product_name">): string {
  if (r.kind === "coupon") {
    return `Coupon ${r.coupon_template ?? ""}`.trim();
  }
  if (r.kind === "product") {
    return `Product ${r.product_name ?? r.product_sku ?? ""}`.trim();
  }
  return "Lottery entry";
}

/** When a reward can be redeemed. */
export function describeWindow(r: Pick<Reward, "starts_at" | "ends_at">): string {
  if (r.starts_at && r.ends_at) {
    return `${formatDate(r.starts_at)} to ${formatDate(r.ends_at)}`;
  }
  if (r.starts_at) {
    return `From ${formatDate(r.starts_at)}`;
  }
  if (r.ends_at) {
    return `Until ${formatDate(r.ends_at)}`;
  }
  return "Always";
}

/** Stock as "12 of 100 left", or "Unlimited". */
export function describeStock(r: Pick<Reward, "stock_left" | "stock_total">): string {
  return r.stock_total === null ? "Unlimited" : `${formatNumber(r.stock_left)} of ${formatNumber(r.stock_total)} left`;
}

/** A share as a percentage with one decimal, "—" when there is none. */
export function formatShare(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}
