import { api, queryString } from "./client";

/** A figure of the period, its value in the previous period and the change in percent. */
export interface Figure {
  value: number | null;
  previous: number | null;
  change_pct: number | null;
}

export type MetricName =
  | "active_30"
  | "active_90"
  | "new_members"
  | "payers"
  | "repurchase_rate"
  | "average_order_value"
  | "paid_orders"
  | "paid_amount";

export interface PeriodInfo {
  from: string;
  to: string;
  days: number;
}

/** Members per tier or segment at the period's end, against the previous period's end. */
export interface Movement {
  key: string;
  members: number;
  previous: number | null;
  change: number | null;
}

export interface JourneyAmount extends Figure {
  journey_id: number;
  key: string | null;
  name: string | null;
  orders: number;
}

export interface ChannelCost {
  channel: string;
  messages: number;
  previous_messages: number;
  cost: Figure;
}

/** The figures of the members of one registration channel (`null`: registered without one). */
export interface SourceFigures {
  channel: string | null;
  new_members: Figure;
  active_30: Figure;
  payers: Figure;
  repurchase_rate: Figure;
  paid_orders: Figure;
  paid_amount: Figure;
}

export interface DashboardDay {
  day: string;
  new_members: number;
  paid_orders: number;
  paid_amount: number;
  payers: number;
}

/** `GET /api/dashboard` (docs/dashboard.md). */
export interface Dashboard {
  period: PeriodInfo;
  previous: PeriodInfo;
  metrics: Record<MetricName, Figure>;
  snapshots: { current: string | null; previous: string | null };
  tiers: Movement[];
  rfm_segments: Movement[];
  journeys: JourneyAmount[];
  channels: ChannelCost[];
  sources: SourceFigures[];
  daily: DashboardDay[];
}

export interface DashboardParams {
  from?: string | null;
  to?: string | null;
}

export function getDashboard(params: DashboardParams, signal?: AbortSignal): Promise<Dashboard> {
  return api.get<Dashboard>(`/api/dashboard${queryString({ ...params })}`, signal);
}
