import { describe, expect, it } from "vitest";
import type { ExperimentPanel } from "../api/reports";
import {
  countLabel,
  experimentRows,
  experimentState,
  formatCount,
  formatDifference,
  formatEstimate,
  formatPValue,
  liftText,
  methodSentence,
  progressPercent,
  progressSentence,
  relativeLift,
  showsAdjusted,
} from "./experiments";

const MINUS = "\u2212";

function panel(over: Partial<ExperimentPanel> = {}): ExperimentPanel {
  return {
    node_id: "exp",
    label: "Coupon or points",
    variants: { a: "Coupon", b: "b" },
    metric: "conversion",
    metric_label: "members who reached the journey's goal",
    kind: "rate",
    mode: "fixed",
    alpha: 0.05,
    min_sample_per_arm: 100,
    fallback: "control",
    started_at: "2026-03-02T09:00:00+00:00",
    decide_at: "2026-03-04T09:00:00+00:00",
    decided_at: null,
    winner: null,
    status: "testing",
    significant: false,
    reason: "As it stands: Still testing",
    arms: {
      a: { members: 120, estimate: 0.25, ci95: [0.18, 0.33], conversions: 30 },
      b: { members: 80, estimate: 0.4, ci95: [0.3, 0.51], conversions: 32 },
    },
    comparisons: [{ variant: "b", difference: 0.15, ci95: [0.02, 0.28], p_value: 0.021, p_adjusted: 0.021, significant: true }],
    progress: 0.8,
    ...over,
  };
}

describe("experiment figures", () => {
  it("writes estimates as their metric reads", () => {
    expect(formatEstimate(panel(), 0.3673)).toBe("36.7%");
    expect(formatEstimate({ kind: "mean", metric: "revenue" }, 12.4)).toBe("¥12.40");
    expect(formatEstimate({ kind: "mean", metric: "orders" }, 0.4166)).toBe("0.42");
    expect(formatEstimate(panel(), null)).toBe("—");
    expect(formatEstimate({ kind: "mean", metric: "revenue" }, null)).toBe("—");
  });

  it("writes differences with their sign, rates in percentage points", () => {
    expect(formatDifference(panel(), 0.15)).toBe("+15.0 pp");
    expect(formatDifference(panel(), -0.0421)).toBe(`${MINUS}4.2 pp`);
    expect(formatDifference({ kind: "mean", metric: "revenue" }, -3.1)).toBe(`${MINUS}¥3.10`);
    expect(formatDifference({ kind: "mean", metric: "orders" }, 0.125)).toBe("+0.13");
    expect(formatDifference({ kind: "mean", metric: "orders" }, -0.001)).toBe("0.00");
    expect(formatDifference(panel(), null)).toBe("—");
  });

  it("writes p-values to three decimals, the tiny ones as a bound", () => {
    expect(formatPValue(0.0214)).toBe("0.021");
    expect(formatPValue(1)).toBe("1.000");
    expect(formatPValue(0.0004)).toBe("< 0.001");
    expect(formatPValue(null)).toBe("—");
  });

  it("gives the lift relative to the control, none against zero", () => {
    expect(relativeLift(0.15, 0.25)).toBe("+60.0%");
    expect(relativeLift(-0.05, 0.25)).toBe(`${MINUS}20.0%`);
    expect(relativeLift(0.1, 0)).toBe("—");
    expect(relativeLift(0.1, null)).toBe("—");
  });

  it("writes the lift with its relative change, the absolute one alone against a zero control", () => {
    expect(liftText(panel(), 0.15, 0.25)).toBe("+15.0 pp (+60.0%)");
    expect(liftText({ kind: "mean", metric: "revenue" }, 5, 0)).toBe("+¥5.00");
    expect(liftText(panel(), null, 0.25)).toBe("—");
  });

  it("counts conversions for rates and totals for means", () => {
    const revenue = { kind: "mean" as const, metric: "revenue" };
    expect(countLabel(panel())).toBe("Conversions");
    expect(countLabel(revenue)).toBe("Revenue");
    expect(countLabel({ kind: "mean", metric: "orders" })).toBe("Orders");
    expect(formatCount(panel(), { members: 1200, estimate: 0.5, ci95: [0.4, 0.6], conversions: 1234 })).toBe("1,234");
    expect(formatCount(revenue, { members: 3, estimate: 100, ci95: [1, 2], total: 1234.5 })).toBe("¥1,234.50");
    expect(formatCount(revenue, { members: 0, estimate: null, ci95: [null, null] })).toBe("—");
  });

  it("tells testing, decided and not significant apart", () => {
    expect(experimentState(panel())).toBe("testing");
    expect(experimentState(panel({ status: "not_started" }))).toBe("not_started");
    expect(experimentState(panel({ status: "decided", significant: true }))).toBe("decided");
    expect(experimentState(panel({ status: "decided", significant: false }))).toBe("not_significant");
    expect(experimentState(panel({ status: "decided", significant: null }))).toBe("not_significant");
  });

  it("lists the arms in variant order, the control first, each with its comparison", () => {
    const rows = experimentRows(panel({ winner: "b" }));
    expect(rows.map((r) => [r.key, r.label, r.control, r.winner, r.comparison?.variant ?? null])).toEqual([
      ["a", "Coupon", true, false, null],
      ["b", "b", false, true, "b"],
    ]);
  });

  it("shows Holm-adjusted p-values only with more than one comparison", () => {
    expect(showsAdjusted(panel())).toBe(false);
    const c = { variant: "c", difference: 0, ci95: [0, 0] as [number, number], p_value: 0.5, p_adjusted: 0.5, significant: false };
    expect(showsAdjusted(panel({ comparisons: [...panel().comparisons, c] }))).toBe(true);
  });

  it("says how far the smallest arm is from the minimum sample", () => {
    expect(progressPercent(0.8)).toBe(80);
    expect(progressPercent(1.7)).toBe(100);
    expect(progressPercent(null)).toBe(0);
    expect(progressSentence(panel())).toBe("Smallest arm: 80 of the 100 members each arm needs");
    expect(progressSentence(panel({ min_sample_per_arm: 50 }))).toBe("Every arm has the 50 members it needs");
    expect(progressSentence(panel({ arms: {} }))).toBe("Smallest arm: 0 of the 100 members each arm needs");
  });

  it("states the test and the mode", () => {
    expect(methodSentence(panel())).toBe("On members who reached the journey's goal; two-proportion z test, fixed horizon, α = 0.05");
    expect(methodSentence(panel({ kind: "mean", mode: "sequential", alpha: 0.1, metric_label: "credited paid amount per member" }))).toBe(
      "On credited paid amount per member; Welch's t-test, sequential, always-valid p-values, α = 0.1",
    );
  });
});
