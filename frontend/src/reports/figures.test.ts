import { describe, expect, it } from "vitest";
import type { ChannelBlock, CouponBlock, DailyFigures, NodeFigures } from "../api/reports";
import {
  channelRows,
  couponRows,
  fillDays,
  formatInterval,
  formatMultiple,
  formatPoints,
  formatRate,
  formatRelative,
  armsEmptyReason,
  formatSignedCurrency,
  holdoutEmptyReason,
  funnelRows,
  liftVerdict,
  noOrdersSentence,
  paramsFromSearch,
} from "./figures";

describe("formatting", () => {
  it("writes rates, points and relative changes with signs", () => {
    expect(formatRate(0.3673)).toBe("36.7%");
    expect(formatRate(0.5)).toBe("50%");
    expect(formatRate(null)).toBe("—");
    expect(formatPoints(-0.160955)).toBe("−16.1 pp");
    expect(formatPoints(0.0234)).toBe("+2.3 pp");
    expect(formatPoints(0)).toBe("0.0 pp");
    expect(formatRelative(-0.304665)).toBe("−30.5%");
    expect(formatRelative(1.5)).toBe("+150.0%");
    expect(formatSignedCurrency(-10.306957)).toBe("−¥10.31");
    expect(formatSignedCurrency(1234.5)).toBe("+¥1,234.50");
    expect(formatSignedCurrency(0.001)).toBe("¥0.00");
    expect(formatRelative(-0.0001)).toBe("0.0%");
    expect(formatMultiple(17.0487)).toBe("17.05×");
    expect(formatMultiple(null)).toBe("—");
  });

  it("writes an interval with its estimate's formatter, or a dash when it is unknown", () => {
    expect(formatInterval([-0.308513, -0.00666], formatPoints)).toBe("−30.9 pp to −0.7 pp");
    expect(formatInterval([null, 0.2], formatPoints)).toBe("—");
    expect(formatInterval(null, formatPoints)).toBe("—");
  });

  it("reads a lift's interval: above, below or across zero", () => {
    const lift = (low: number | null, high: number | null) => ({ absolute: 0, absolute_ci95: [low, high] as [number | null, number | null], relative: null });
    expect(liftVerdict(lift(0.01, 0.2))).toBe("higher");
    expect(liftVerdict(lift(-0.3, -0.01))).toBe("lower");
    expect(liftVerdict(lift(-0.1, 0.2))).toBe("unclear");
    expect(liftVerdict(lift(null, null))).toBe("unknown");
    expect(liftVerdict(null)).toBe("unknown");
  });
});

const node = (node_id: string, type: string, reached: number): NodeFigures => ({
  node_id,
  label: node_id,
  type,
  reached,
  passed: reached,
  exited: 0,
  messages_sent: 0,
  paying_members: 0,
  paid_orders: 0,
  paid_amount: 0,
});

describe("funnelRows", () => {
  it("puts the most-reached first, entries before actions and exits on ties, with shares of the entrants", () => {
    const rows = funnelRows([
      node("done", "exit", 147),
      node("coupon", "action.coupon", 147),
      node("held", "exit", 53),
      node("split", "split.random", 200),
      node("start", "entry.api", 200),
    ]);
    expect(rows.map((r) => r.node_id)).toEqual(["start", "split", "coupon", "done", "held"]);
    expect(rows[2]?.share).toBeCloseTo(0.735);
    expect(rows[4]?.share).toBeCloseTo(0.265);
  });

  it("has no shares when nobody entered", () => {
    expect(funnelRows([node("start", "entry.api", 0)])[0]?.share).toBeNull();
    expect(funnelRows([])).toEqual([]);
  });
});

describe("fillDays", () => {
  const day = (date: string, paid_orders: number): DailyFigures => ({
    date,
    entered: 0,
    messages_sent: 0,
    coupons_issued: 0,
    coupons_used: 0,
    paying_members: paid_orders,
    paid_orders,
    paid_amount: paid_orders * 10,
  });

  it("fills quiet days with zeros, across a month end, in order", () => {
    const filled = fillDays([day("2026-03-02", 2), day("2026-02-27", 1)]);
    expect(filled.map((d) => d.date)).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(filled.map((d) => d.paid_orders)).toEqual([1, 0, 0, 2]);
  });

  it("keeps an empty series empty", () => {
    expect(fillDays([])).toEqual([]);
  });
});

describe("couponRows and channelRows", () => {
  const figures = (issued: number, used: number) => ({
    issued,
    claimed: used,
    used,
    sales_with_coupon: used * 150,
    paid_with_coupon: used * 130,
    usage_rate: issued ? used / issued : null,
  });

  it("lists all coupons, then each member type", () => {
    const block: CouponBlock = {
      ...figures(10, 4),
      by_member_type: { no_first_order: figures(5, 1), first_order: figures(3, 2), repurchase: figures(2, 1) },
    };
    const rows = couponRows(block);
    expect(rows.map((r) => [r.key, r.label, r.issued])).toEqual([
      ["all", "All members", 10],
      ["no_first_order", "No first order", 5],
      ["first_order", "First order", 3],
      ["repurchase", "Repurchase", 2],
    ]);
    expect(rows[0]).not.toHaveProperty("by_member_type");
  });

  it("names channels and rates them against messages sent", () => {
    const block: ChannelBlock = {
      by_channel: {
        sms: { queued: 10, sent: 8, delivered: 6, opened: 0, clicked: 2, unsubscribed: 1, cost: 0.4 },
        inapp: { queued: 5, sent: 0, delivered: 0, opened: 0, clicked: 0, unsubscribed: 0, cost: 0 },
      },
      sms_cost: 0.4,
      return_on_spend: 3,
    };
    const rows = channelRows(block);
    expect(rows.map((r) => r.label)).toEqual(["In-app inbox", "SMS"]);
    expect(rows[1]?.deliveryRate).toBe(0.75);
    expect(rows[1]?.clickRate).toBe(0.25);
    expect(rows[0]?.openRate).toBeNull();
  });
});

describe("page parameters", () => {
  it("says honestly what is missing", () => {
    expect(noOrdersSentence(7, {})).toBe("No attributed orders yet in the 7-day window");
    expect(noOrdersSentence(14, { from: "2026-03-01", to: "2026-03-31" })).toBe(
      "No attributed orders yet in the 14-day window between 2026-03-01 and 2026-03-31",
    );
    expect(noOrdersSentence(1, { from: "2026-03-01" })).toBe("No attributed orders yet in the 1-day window since 2026-03-01");
  });

  it("reads only valid dates and windows from the URL", () => {
    expect(paramsFromSearch(new URLSearchParams("from=2026-03-01&to=bad&window_days=14"))).toEqual({
      from: "2026-03-01",
      to: null,
      window_days: 14,
    });
    expect(paramsFromSearch(new URLSearchParams("window_days=0")).window_days).toBeNull();
    expect(paramsFromSearch(new URLSearchParams("window_days=91")).window_days).toBeNull();
    expect(paramsFromSearch(new URLSearchParams("window_days=2.5")).window_days).toBeNull();
  });
});

describe("empty arms and holdout", () => {
  it("says whether the journey has no split, no holdout, or nobody there yet", () => {
    const start = node("start", "entry.api", 10);
    expect(armsEmptyReason([start])).toBe("This journey has no split, so it has no arms to compare");
    expect(armsEmptyReason([start, node("ab", "split.experiment", 0)])).toBe("No member has reached a split yet");
    expect(holdoutEmptyReason([start, node("ab", "split.experiment", 5)])).toBe("This journey has no holdout");
    expect(holdoutEmptyReason([start, node("r", "split.random", 0)])).toBe("No member has reached the random split yet");
    expect(holdoutEmptyReason([start, node("r", "split.random", 8)])).toBe(
      "This journey has no holdout: its random split keeps no share of members out",
    );
  });
});
