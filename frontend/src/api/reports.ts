import { api, queryString } from "./client";

/** The member types a coupon or an order is split by (taken at the grant or the entry). */
export type MemberType = "no_first_order" | "first_order" | "repurchase";

export interface ReportJourney {
  key: string;
  name: string;
  status: string;
  window_days: number;
  from: string | null;
  to: string | null;
}

export interface MemberFigures {
  ordering_members: number;
  paying_members: number;
  paid_orders: number;
  paid_amount: number;
  coupon_discount: number;
  first_order_members: number;
  first_order_amount: number;
  repurchase_members: number;
  repurchase_amount: number;
}

/** The member figures of the members of one registration channel (`null`: none given). */
export interface SourceMemberFigures extends MemberFigures {
  channel: string | null;
  entered_members: number;
}

export interface CouponFigures {
  issued: number;
  claimed: number;
  used: number;
  sales_with_coupon: number;
  paid_with_coupon: number;
  usage_rate: number | null;
}

export interface CouponBlock extends CouponFigures {
  by_member_type: Record<MemberType, CouponFigures>;
}

export interface ChannelFigures {
  queued: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  cost: number;
}

export interface ChannelBlock {
  by_channel: Record<string, ChannelFigures>;
  sms_cost: number;
  return_on_spend: number | null;
}

export interface NodeFigures {
  node_id: string;
  label: string;
  type: string;
  reached: number;
  passed: number;
  exited: number;
  messages_sent: number;
  paying_members: number;
  paid_orders: number;
  paid_amount: number;
}

export interface ArmFigures {
  node_id: string;
  label: string;
  branch: string;
  members: number;
  paying_members: number;
  paid_orders: number;
  paid_amount: number;
  conversion_rate: number | null;
  paid_per_member: number | null;
}

export interface GroupFigures {
  members: number;
  paying_members: number;
  conversion_rate: number | null;
  paid_amount: number;
  paid_per_member: number | null;
}

/** A difference between treatment and holdout, with its 95% confidence interval. */
export interface Lift {
  absolute: number | null;
  absolute_ci95: [number | null, number | null];
  relative: number | null;
  relative_ci95?: [number | null, number | null] | null;
}

export interface HoldoutComparison {
  node_id: string;
  label: string;
  treatment: GroupFigures;
  holdout: GroupFigures;
  /** Null when either side has fewer than two members. */
  conversion_lift: Lift | null;
  paid_per_member_lift: Lift | null;
}

export interface DailyFigures {
  date: string;
  entered: number;
  messages_sent: number;
  coupons_issued: number;
  coupons_used: number;
  paying_members: number;
  paid_orders: number;
  paid_amount: number;
}

/** One arm of an experiment: its members and the estimate (a rate or a mean per member). */
export interface ExperimentArm {
  members: number;
  estimate: number | null;
  ci95: [number | null, number | null];
  /** Rate metrics: members who converted. */
  conversions?: number;
  /** Mean metrics: the sum over the arm's members. */
  total?: number;
}

/** One variant against the control (the first variant). */
export interface ExperimentComparison {
  variant: string;
  difference: number;
  ci95: [number | null, number | null];
  p_value: number | null;
  /** Holm-adjusted when there is more than one comparison, else the p-value itself. */
  p_adjusted: number | null;
  significant: boolean;
}

export type ExperimentStatus = "not_started" | "testing" | "decided";

/** An experiment node's decision, or the sample as it stands (docs/experiments.md). */
export interface ExperimentPanel {
  node_id: string;
  label: string;
  metric: string;
  metric_label: string;
  /** Each variant's label by key (the key when it has none). */
  variants: Record<string, string>;
  kind: "rate" | "mean";
  mode: "fixed" | "sequential";
  alpha: number;
  min_sample_per_arm: number;
  fallback: string;
  started_at: string | null;
  decide_at: string | null;
  decided_at: string | null;
  winner: string | null;
  status: ExperimentStatus;
  significant: boolean | null;
  reason: string | null;
  /** In variant order: the first is the control. */
  arms: Record<string, ExperimentArm>;
  comparisons: ExperimentComparison[];
  /** 0..1: the smallest arm's members over the minimum sample per arm. */
  progress: number;
}

/** `GET /api/journeys/<key>/report` (docs/attribution.md defines each figure). */
export interface JourneyReport {
  journey: ReportJourney;
  member: MemberFigures;
  coupons: CouponBlock;
  channels: ChannelBlock;
  nodes: NodeFigures[];
  arms: ArmFigures[];
  holdout: HoldoutComparison[];
  daily: DailyFigures[];
  experiments: ExperimentPanel[];
}

/** The report's optional period (UTC dates, YYYY-MM-DD) and attribution window in days. */
export interface ReportParams {
  from?: string | null;
  to?: string | null;
  window_days?: number | null;
}

function reportPath(key: string, params: ReportParams, format?: "csv"): string {
  return `/api/journeys/${encodeURIComponent(key)}/report${queryString({ ...params, format })}`;
}

export function getJourneyReport(key: string, params: ReportParams, signal?: AbortSignal): Promise<JourneyReport> {
  return api.get<JourneyReport>(reportPath(key, params), signal);
}

/** `GET /api/journeys/<key>/report/by-source`: the member figures per registration channel. */
export interface SourceSplit {
  journey: { key: string; window_days: number };
  by_source: SourceMemberFigures[];
}

export function getJourneySourceSplit(key: string, params: ReportParams, signal?: AbortSignal): Promise<SourceSplit> {
  return api.get<SourceSplit>(`/api/journeys/${encodeURIComponent(key)}/report/by-source${queryString({ ...params })}`, signal);
}

/** Where the browser downloads the same report as CSV. */
export function journeyReportCsvHref(key: string, params: ReportParams): string {
  return reportPath(key, params, "csv");
}
