import { api, queryString, request } from "./client";

export interface TopInviter {
  member_id: number;
  external_id: string;
  name: string | null;
  registrations: number;
  first_orders: number;
}

/** `GET /api/referrals/report` (docs/referrals.md defines each figure). */
export interface ReferralReport {
  start: string;
  end: string;
  invitations: number;
  registrations: number;
  refused: Record<string, number>;
  first_orders: number;
  conversion: number | null;
  rewards: { journeys: string[]; coupons_granted: number; points_granted: number; cost: string };
  top_inviters: TopInviter[];
  by_channel: { channel: string; registrations: number }[];
}

export interface ReportPeriod {
  from: string | null;
  to: string | null;
}

export interface LotteryDraw {
  id: number;
  template: string;
  entrants_until: string;
  seed: string;
  entrants_count: number;
  entrants_hash: string;
  winners: string[];
  drawn_at: string;
  drawn_by: string;
}

export const getReferralReport = (period: ReportPeriod, signal?: AbortSignal) =>
  api.get<ReferralReport>(`/api/referrals/report${queryString({ from: period.from, to: period.to })}`, signal);

export const listDraws = (signal?: AbortSignal) => api.get<{ draws: LotteryDraw[] }>("/api/lottery-draws", signal);

export const createDraw = (body: { template: string; winners: number; seed?: string }) =>
  request<{ draw: LotteryDraw }>("/api/lottery-draws", { method: "POST", body });

export const verifyDraw = (id: number, signal?: AbortSignal) =>
  api.get<{ entrants_match: boolean; winners_match: boolean; entrants_count: number }>(
    `/api/lottery-draws/${id}/verify`,
    signal,
  );

const REASONS: Record<string, string> = {
  self_referral: "Own code",
  loop: "Loop",
  unknown_code: "Unknown code",
  already_referred: "Invited by someone else first",
};

/** Refusals as labelled rows, most frequent first, with their total. */
export function refusalRows(refused: Record<string, number>): { rows: { reason: string; label: string; count: number }[]; total: number } {
  const rows = Object.entries(refused)
    .map(([reason, count]) => ({ reason, label: REASONS[reason] ?? reason, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { rows, total: rows.reduce((sum, r) => sum + r.count, 0) };
}

/** 0.4567 → "45.7%"; no registrations → "—". */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}
