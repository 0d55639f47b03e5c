import type {
  ChannelBlock,
  CouponBlock,
  CouponFigures,
  DailyFigures,
  Lift,
  MemberFigures,
  MemberType,
  NodeFigures,
  ReportParams,
} from "../api/reports";
import { channelLabel, EMPTY } from "../format/format";

/** Attribution windows offered besides the journey's own (the API takes 1–90 days). */
export const WINDOW_CHOICES = [1, 3, 7, 14, 30, 60, 90];

export const MEMBER_TYPE_LABELS: Record<MemberType, string> = {
  no_first_order: "No first order",
  first_order: "First order",
  repurchase: "Repurchase",
};

const MINUS = "\u2212";
const yuan = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function finite(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** A magnitude already written out, given the sign of the value it came from; a figure that
 * rounds to zero carries no sign. */
function signed(text: string, value: number): string {
  if (/^[^1-9]*$/.test(text)) return text;
  return `${value > 0 ? "+" : MINUS}${text}`;
}

/** 0.3673 → "36.7%", 0.5 → "50%"; a missing rate → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (!finite(rate)) return EMPTY;
  return `${(rate * 100).toFixed(1).replace(/\.0$/, "")}%`;
}

/** A difference of two rates in percentage points: −0.161 → "−16.1 pp". */
export function formatPoints(diff: number | null | undefined): string {
  if (!finite(diff)) return EMPTY;
  return `${signed((Math.abs(diff) * 100).toFixed(1), diff)} pp`;
}

/** A relative change: −0.3047 → "−30.5%". */
export function formatRelative(value: number | null | undefined): string {
  if (!finite(value)) return EMPTY;
  return `${signed((Math.abs(value) * 100).toFixed(1), value)}%`;
}

/** A signed amount in yuan: −10.3 → "−¥10.31". */
export function formatSignedCurrency(value: number | null | undefined): string {
  if (!finite(value)) return EMPTY;
  const text = yuan.format(Math.abs(value));
  return signed(text, value).replace(text, `¥${text}`);
}

/** A 95% interval written with the same formatter as its estimate: "−30.9 pp to −0.7 pp". */
export function formatInterval(
  interval: [number | null, number | null] | null | undefined,
  format: (value: number | null) => string,
): string {
  if (!interval || interval[0] === null || interval[1] === null) return EMPTY;
  return `${format(interval[0])} to ${format(interval[1])}`;
}

export type LiftVerdict = "higher" | "lower" | "unclear" | "unknown";

/** What a lift's 95% interval says: above zero, below zero, or straddling it. */
export function liftVerdict(lift: Lift | null | undefined): LiftVerdict {
  const [low, high] = lift?.absolute_ci95 ?? [null, null];
  if (low === null || high === null) return "unknown";
  if (low > 0) return "higher";
  if (high < 0) return "lower";
  return "unclear";
}

/** Return on spend as a multiple: 17.0487 → "17.05×"; none without spend. */
export function formatMultiple(value: number | null | undefined): string {
  if (!finite(value)) return EMPTY;
  return `${value.toFixed(2)}×`;
}

const KIND_ORDER: Record<string, number> = { entry: 0, split: 1, wait: 2, condition: 2, action: 3, goal: 4, exit: 5 };

function kindRank(type: string): number {
  return KIND_ORDER[type.split(".")[0] ?? ""] ?? 3;
}

export interface FunnelRow extends NodeFigures {
  /** Members who reached the node, as a share of the members who entered. */
  share: number | null;
}

/** The nodes as a funnel: most-reached first, entries before splits, actions and exits
 * when as many members reached them; each with its share of the entrants. */
export function funnelRows(nodes: NodeFigures[]): FunnelRow[] {
  const sorted = nodes
    .map((node, index) => ({ node, index }))
    .sort(
      (a, b) =>
        b.node.reached - a.node.reached || kindRank(a.node.type) - kindRank(b.node.type) || a.index - b.index,
    )
    .map(({ node }) => node);
  const entered = nodes.filter((n) => n.type.startsWith("entry.")).reduce((sum, n) => sum + n.reached, 0);
  const base = entered || Math.max(0, ...nodes.map((n) => n.reached));
  return sorted.map((node) => ({ ...node, share: base ? node.reached / base : null }));
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const ZERO_DAY: Omit<DailyFigures, "date"> = {
  entered: 0,
  messages_sent: 0,
  coupons_issued: 0,
  coupons_used: 0,
  paying_members: 0,
  paid_orders: 0,
  paid_amount: 0,
};

/** The daily series with the quiet days in between filled with zeros, so charts keep time. */
export function fillDays(daily: DailyFigures[]): DailyFigures[] {
  if (daily.length === 0) return [];
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const sorted = [...byDate.keys()].sort();
  const first = sorted[0] ?? "";
  const last = sorted[sorted.length - 1] ?? "";
  const out: DailyFigures[] = [];
  // At most a year and a bit of days: the API caps nothing, a chart should.
  for (let day = first, n = 0; day <= last && n < 400; day = addDays(day, 1), n++) {
    out.push(byDate.get(day) ?? { date: day, ...ZERO_DAY });
  }
  return out;
}

export interface CouponRow extends CouponFigures {
  key: "all" | MemberType;
  label: string;
}

/** All coupons the journey granted, then split by the member's type at the grant. */
export function couponRows(block: CouponBlock): CouponRow[] {
  const { by_member_type: byType, ...all } = block;
  return [
    { key: "all", label: "All members", ...all },
    ...(Object.keys(MEMBER_TYPE_LABELS) as MemberType[]).map((kind) => ({
      key: kind,
      label: MEMBER_TYPE_LABELS[kind],
      ...byType[kind],
    })),
  ];
}

export interface ChannelRow {
  channel: string;
  label: string;
  queued: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  cost: number;
  /** Delivered, opened and clicked as shares of sent. */
  deliveryRate: number | null;
  openRate: number | null;
  clickRate: number | null;
}

/** One row per channel the journey queued messages on, in a stable order. */
export function channelRows(block: ChannelBlock): ChannelRow[] {
  return Object.entries(block.by_channel)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, f]) => ({
      channel,
      label: channelLabel(channel),
      ...f,
      deliveryRate: f.sent ? f.delivered / f.sent : null,
      openRate: f.sent ? f.opened / f.sent : null,
      clickRate: f.sent ? f.clicked / f.sent : null,
    }));
}

/** Whether any order was credited to the journey in the period and window. */
export function hasAttributedOrders(member: MemberFigures): boolean {
  return member.ordering_members > 0;
}

/** "No attributed orders yet in the 7-day window" (and the period, when one is set). */
export function noOrdersSentence(windowDays: number, params: ReportParams): string {
  const period =
    params.from && params.to
      ? ` between ${params.from} and ${params.to}`
      : params.from
        ? ` since ${params.from}`
        : params.to
          ? ` up to ${params.to}`
          : "";
  return `No attributed orders yet in the ${windowDays}-day window${period}`;
}

/** Query parameters from the page's URL search: the period and the window, when valid. */
export function paramsFromSearch(search: URLSearchParams): ReportParams {
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);
  const window = Number(search.get("window_days"));
  return {
    from: day(search.get("from")),
    to: day(search.get("to")),
    window_days: Number.isInteger(window) && window >= 1 && window <= 90 ? window : null,
  };
}

/** Why the arms section is empty, from the nodes the journey has: no split, or nobody there yet. */
export function armsEmptyReason(nodes: NodeFigures[]): string {
  const splits = nodes.filter((n) => n.type.startsWith("split."));
  if (splits.length === 0) return "This journey has no split, so it has no arms to compare";
  return "No member has reached a split yet";
}

/** Why there is no holdout comparison: no random split, nobody through it, or no holdout share. */
export function holdoutEmptyReason(nodes: NodeFigures[]): string {
  const random = nodes.filter((n) => n.type === "split.random");
  if (random.length === 0) return "This journey has no holdout";
  if (random.every((n) => n.reached === 0)) return "No member has reached the random split yet";
  return "This journey has no holdout: its random split keeps no share of members out";
}
