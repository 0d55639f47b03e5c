import { api } from "./client";

/** A figure with its 90% interval (5th–95th percentiles of the forecast's draws). */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface ForecastNode {
  label: string;
  type: string;
  entered: Interval;
  passed: Interval;
  exited: Interval;
  waiting: Interval;
  converted: Interval;
  branches: Record<string, Interval>;
  /** Cumulative arrivals by the end of each day of the horizon (index 0: day 1). */
  by_day?: { value: number[]; low: number[]; high: number[] };
}

/** A channel's historic rates over the last 90 days, per message sent. */
export interface ChannelRates {
  history_sent: number;
  open_rate: number;
  click_rate: number;
  unsubscribe_rate: number;
}

/** A channel's sends, and what members are drawn to do after them at its historic rates. */
export interface ChannelSends {
  queued: Interval;
  sent: Interval;
  cost: Interval;
  opened: Interval;
  clicked: Interval;
  unsubscribed: Interval;
  /** Null when the channel sent nothing in the last 90 days. */
  rates: ChannelRates | null;
}

export interface Forecast {
  journey: string;
  version: number;
  from: string;
  to: string;
  days: number;
  draws: number;
  members: { population: number; source: string; simulated_per_draw: number; sampled: boolean; scale: number };
  note: string;
  seconds: number;
  nodes: Record<string, ForecastNode>;
  sends: Record<string, ChannelSends>;
  sends_by_day: { day: string; channels: Record<string, Interval> }[];
  deferrals: ({ channel: string; reason: string } & Interval)[];
  sms_cost: Interval;
  message_cost: Interval;
  coupons: { issued: Interval; liability: Interval; templates: Record<string, { issued: Interval; liability: Interval }> };
  attributed_orders: Interval;
  attributed_paid: Interval;
  return_on_spend: Interval | null;
  attribution_window_days: number;
}

export const forecastJourney = (key: string, body: { days?: number; draws?: number; version?: number; keep?: boolean } = {}) =>
  api.post<Forecast>(`/api/journeys/${encodeURIComponent(key)}/forecast`, body);

export type AccuracyStatus = "inside" | "above" | "below" | "too_early";

export interface ForecastAccuracyNode {
  node_id: string;
  label: string;
  type: string | null;
  /** The forecast's arrivals by the end of the compared day; null within the first day. */
  forecast: Interval | null;
  forecast_first_day: Interval | null;
  forecast_total: Interval;
  /** Members who arrived by the end of the compared day (so far, within the first day). */
  actual: number;
  status: AccuracyStatus;
}

export interface ForecastAccuracy {
  version: number;
  made_at: string;
  published_at: string;
  days: number;
  until: string | null;
  elapsed_days: number;
  /** The whole days since publishing both sides are taken at; 0 within the first day. */
  day: number;
  compared_at: string;
  first_day_ends: string;
  nodes: ForecastAccuracyNode[];
  inside: number;
  nodes_compared: number;
  too_early: number;
  share_inside: number | null;
}

export const getForecastAccuracy = (key: string) =>
  api.get<{ journey: string; accuracy: ForecastAccuracy | null }>(`/api/journeys/${encodeURIComponent(key)}/forecast-accuracy`);
