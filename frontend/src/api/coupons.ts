import { api, queryString, request } from "./client";

export type CouponKind = "amount_off" | "percent_off" | "free_shipping";
export type RedeemChannel = "online" | "pos";
export type CouponStatus = "granted" | "claimed" | "redeemed" | "expired" | "void";

export interface CouponTerms {
  threshold?: string | number;
  amount?: string | number;
  percent?: string | number;
  cap?: string | number | null;
}

export interface CouponValidity {
  days_after_grant?: number | null;
  starts_at?: string | null;
  ends_at?: string | null;
}

export interface CouponTemplateBody {
  key: string;
  name: string;
  kind: CouponKind;
  terms: CouponTerms;
  validity: CouponValidity;
  stock_total: number | null;
  per_member_limit: number;
  channels: RedeemChannel[];
  active: boolean;
  /** Draw codes from this pool instead of generating them. */
  code_pool?: string | null;
}

export interface CouponTemplate extends CouponTemplateBody {
  value: string;
  issued_count: number;
  stock_left: number | null;
  updated_at: string | null;
}

export interface Coupon {
  code: string;
  template: string;
  member_id: number;
  /** The member as the shop knows them (M0000005). */
  member_external_id?: string | null;
  status: CouponStatus;
  source: string;
  granted_at: string | null;
  valid_from: string | null;
  valid_until: string | null;
  claimed_at: string | null;
  redeemed_at: string | null;
  expired_at: string | null;
  order_id: string | null;
  order_amount: string | null;
  discount: string | null;
  redeem_channel: string | null;
}

export interface CouponHistoryEntry {
  status: string;
  at: string;
  detail: Record<string, unknown> | string | null;
}

export interface CouponPage {
  coupons: Coupon[];
  next_after: number | null;
}

export interface CouponQuery {
  template?: string;
  status?: string;
  member_id?: number;
  after?: number | null;
  limit?: number;
}

export const listCouponTemplates = (signal?: AbortSignal) =>
  api.get<{ templates: CouponTemplate[] }>("/api/coupon-templates", signal);

export const getCouponTemplate = (key: string, signal?: AbortSignal) =>
  api.get<{ template: CouponTemplate }>(`/api/coupon-templates/${encodeURIComponent(key)}`, signal);

export const createCouponTemplate = (body: CouponTemplateBody) =>
  api.post<{ template: CouponTemplate }>("/api/coupon-templates", body);

export const updateCouponTemplate = (body: CouponTemplateBody) =>
  request<{ template: CouponTemplate }>(`/api/coupon-templates/${encodeURIComponent(body.key)}`, {
    method: "PUT",
    body,
  });

export const listCoupons = (query: CouponQuery, signal?: AbortSignal) =>
  api.get<CouponPage>(
    `/api/coupons${queryString({
      template: query.template,
      status: query.status,
      member_id: query.member_id,
      after: query.after,
      limit: query.limit,
    })}`,
    signal,
  );

export const getCoupon = (code: string, signal?: AbortSignal) =>
  api.get<{ coupon: Coupon; history: CouponHistoryEntry[] }>(`/api/coupons/${encodeURIComponent(code)}`, signal);
