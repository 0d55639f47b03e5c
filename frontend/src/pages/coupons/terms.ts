import dayjs, { type Dayjs } from "dayjs";
import type {
  Coupon,
  CouponKind,
  CouponTemplate,
  CouponTemplateBody,
  CouponTerms,
  CouponValidity,
  RedeemChannel,
} from "../../api/coupons";
import { formatDate, formatNumber } from "../../format/format";

export const KIND_OPTIONS: { value: CouponKind; label: string }[] = [
  { value: "amount_off", label: "Amount off" },
  { value: "percent_off", label: "Percent off" },
  { value: "free_shipping", label: "Free shipping" },
];

function num(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") {
    return null;
  }
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** ¥ with no decimals when the amount is whole: 200 → "¥200", 12.5 → "¥12.50". */
export function yuan(value: string | number | null | undefined): string {
  const n = num(value) ?? 0;
  return Number.isInteger(n) ? `¥${formatNumber(n)}` : `¥${n.toFixed(2)}`;
}

/** What a coupon promises, as a sentence: "Spend ¥200, get ¥50 off". */
export function describeTerms(kind: CouponKind, terms: CouponTerms): string {
  const threshold = num(terms.threshold) ?? 0;
  const spend = threshold > 0 ? `Spend ${yuan(threshold)}, get ` : "";
  const capitalise = (text: string) => (spend ? text : text.charAt(0).toUpperCase() + text.slice(1));
  if (kind === "amount_off") {
    return spend ? `${spend}${yuan(terms.amount)} off` : `${yuan(terms.amount)} off any order`;
  }
  if (kind === "percent_off") {
    const cap = num(terms.cap);
    const capText = cap ? ` (up to ${yuan(cap)})` : "";
    return `${spend}${capitalise(`${num(terms.percent) ?? 0}% off`)}${capText}`;
  }
  return `${spend}${capitalise("free shipping")}`;
}

/** How long a granted coupon stays valid. */
export function describeValidity(validity: CouponValidity): string {
  if (validity.days_after_grant) {
    const n = validity.days_after_grant;
    return `Valid ${n} day${n === 1 ? "" : "s"} after grant`;
  }
  if (validity.starts_at && validity.ends_at) {
    return `Valid ${formatDate(validity.starts_at)} to ${formatDate(validity.ends_at)}`;
  }
  return "No validity set";
}

/** The values the template form edits. */
export interface TemplateFormValues {
  key: string;
  name: string;
  kind: CouponKind;
  threshold: number | null;
  amount: number | null;
  percent: number | null;
  cap: number | null;
  validityMode: "days" | "window";
  days_after_grant: number | null;
  window: [Dayjs, Dayjs] | null;
  unlimitedStock: boolean;
  stock_total: number | null;
  per_member_limit: number;
  channels: RedeemChannel[];
  active: boolean;
  /** The code pool the template draws codes from; generated codes when null. */
  code_pool: string | null;
}

export const NEW_TEMPLATE: TemplateFormValues = {
  key: "",
  name: "",
  kind: "amount_off",
  threshold: null,
  amount: null,
  percent: null,
  cap: null,
  validityMode: "days",
  days_after_grant: 30,
  window: null,
  unlimitedStock: false,
  stock_total: 10000,
  per_member_limit: 1,
  channels: ["online", "pos"],
  active: true,
  code_pool: null,
};

/** The form values of a saved template. */
export function templateToForm(t: CouponTemplate): TemplateFormValues {
  const windowed = Boolean(t.validity.starts_at && t.validity.ends_at);
  return {
    key: t.key,
    name: t.name,
    kind: t.kind,
    threshold: num(t.terms.threshold),
    amount: num(t.terms.amount),
    percent: num(t.terms.percent),
    cap: num(t.terms.cap),
    validityMode: windowed ? "window" : "days",
    days_after_grant: t.validity.days_after_grant ?? null,
    window: windowed ? [dayjs(t.validity.starts_at), dayjs(t.validity.ends_at)] : null,
    unlimitedStock: t.stock_total === null,
    stock_total: t.stock_total,
    per_member_limit: t.per_member_limit,
    channels: t.channels,
    active: t.active,
    code_pool: t.code_pool ?? null,
  };
}

function termsOf(v: TemplateFormValues): CouponTerms {
  const threshold = v.threshold ?? 0;
  if (v.kind === "amount_off") {
    return { threshold, amount: v.amount ?? 0 };
  }
  if (v.kind === "percent_off") {
    return v.cap ? { threshold, percent: v.percent ?? 0, cap: v.cap } : { threshold, percent: v.percent ?? 0 };
  }
  return { threshold };
}

/** The API body for the form's values. */
export function formToTemplate(v: TemplateFormValues): CouponTemplateBody {
  const validity: CouponValidity =
    v.validityMode === "window" && v.window
      ? { starts_at: v.window[0].format(), ends_at: v.window[1].format() }
      : { days_after_grant: v.days_after_grant };
  return {
    key: v.key.trim(),
    name: v.name.trim(),
    kind: v.kind,
    terms: termsOf(v),
    validity,
    stock_total: v.unlimitedStock ? null : v.stock_total,
    per_member_limit: v.per_member_limit,
    channels: v.channels,
    active: v.active,
    ...(v.code_pool ? { code_pool: v.code_pool } : {}),
  };
}

/** Where a server error's field belongs in the form ("terms.amount" → "amount"). */
export function formFieldOf(serverField: string): keyof TemplateFormValues | null {
  const field = serverField.replace(/^terms\./, "").replace(/^validity\..*$/, "validity");
  const map: Record<string, keyof TemplateFormValues> = {
    key: "key",
    name: "name",
    kind: "kind",
    threshold: "threshold",
    amount: "amount",
    percent: "percent",
    cap: "cap",
    validity: "days_after_grant",
    stock_total: "stock_total",
    per_member_limit: "per_member_limit",
    channels: "channels",
    code_pool: "code_pool",
  };
  return map[field] ?? null;
}

export interface CouponUsage {
  issued: number;
  claimed: number;
  redeemed: number;
  expired: number;
  void: number;
  /** Redeemed of issued, 0..1; null when none were issued. */
  usageRate: number | null;
  discount: number;
}

/** Counts of the coupons of one template: claimed includes those claimed and then redeemed. */
export function couponUsage(coupons: Coupon[]): CouponUsage {
  const usage: CouponUsage = { issued: coupons.length, claimed: 0, redeemed: 0, expired: 0, void: 0, usageRate: null, discount: 0 };
  for (const c of coupons) {
    if (c.claimed_at || c.status === "claimed") {
      usage.claimed += 1;
    }
    if (c.status === "redeemed") {
      usage.redeemed += 1;
      usage.discount += num(c.discount) ?? 0;
    } else if (c.status === "expired") {
      usage.expired += 1;
    } else if (c.status === "void") {
      usage.void += 1;
    }
  }
  usage.usageRate = usage.issued ? usage.redeemed / usage.issued : null;
  return usage;
}

/** 0.4567 → "45.7%". */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1).replace(/\.0$/, "")}%`;
}
