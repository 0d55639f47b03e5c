import { api, queryString, request } from "./client";

export type RewardKind = "coupon" | "product" | "lottery";
export type Tier = "basic" | "silver" | "gold" | "platinum" | "diamond";
export const TIERS: Tier[] = ["basic", "silver", "gold", "platinum", "diamond"];

/** A reward as the API accepts it (`POST /api/rewards`, `PUT /api/rewards/<key>`). */
export interface RewardBody {
  key: string;
  name: string;
  description: string;
  kind: RewardKind;
  points_price: number;
  coupon_template: string | null;
  product_sku: string | null;
  /** null: unlimited. */
  stock_total: number | null;
  /** null: unlimited. */
  per_member_limit: number | null;
  /** Empty: every tier. */
  tiers: Tier[];
  starts_at: string | null;
  ends_at: string | null;
  active: boolean;
}

export interface Reward extends RewardBody {
  product_name: string | null;
  redeemed_count: number;
  stock_left: number | null;
  updated_at: string | null;
}

export interface Redemption {
  id: number;
  reward: string;
  member_id: number;
  idempotency_key: string;
  points: number;
  tier: string;
  coupon_code: string | null;
  lottery_code: string | null;
  actor: string;
  created_at: string;
  replayed: boolean;
}

export interface TierFigures {
  tier: string;
  members: number;
  redeemers: number;
  redemptions: number;
  member_redemption_rate: number | null;
  points_issued: number;
  points_redeemed: number;
  points_redemption_rate: number | null;
  points_outstanding: number;
}

/** `GET /api/reports/points`; definitions in docs/rewards.md. */
export interface PointsReport {
  points_issued: number;
  points_redeemed: number;
  points_expired: number;
  points_adjusted_down: number;
  points_outstanding: number;
  yuan_per_point: string;
  liability: string;
  points_redemption_rate: number | null;
  redemptions: number;
  by_tier: TierFigures[];
  by_reward: { reward: string; name: string; redemptions: number; points: number }[];
}

export const listRewards = (signal?: AbortSignal) => api.get<{ rewards: Reward[] }>("/api/rewards", signal);

export const createReward = (body: RewardBody) => api.post<{ reward: Reward }>("/api/rewards", body);

export const updateReward = (body: RewardBody) =>
  request<{ reward: Reward }>(`/api/rewards/${encodeURIComponent(body.key)}`, { method: "PUT", body });

/** Admins redeem on a member's behalf; the same key answers the same redemption. */
export const redeemForMember = (key: string, memberId: number, idempotencyKey: string) =>
  api.post<{ redemption: Redemption }>(`/api/rewards/${encodeURIComponent(key)}/redemptions`, {
    member_id: memberId,
    idempotency_key: idempotencyKey,
  });

export const listRedemptions = (params: { reward?: string; member_id?: number }, signal?: AbortSignal) =>
  api.get<{ redemptions: Redemption[]; next_before: number | null }>(
    `/api/reward-redemptions${queryString({ ...params })}`,
    signal,
  );

export const getPointsReport = (params: { since?: string; until?: string }, signal?: AbortSignal) =>
  api.get<PointsReport>(`/api/reports/points${queryString({ ...params })}`, signal);
