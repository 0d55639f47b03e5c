import { describe, expect, it } from "vitest";
import type { RfmSegment } from "../../api/audiences";
import { chartRows, joinNames, percent, revenueInsight } from "./insight";

const seg = (segment: string | null, member_share: number, revenue_share: number, members = 10): RfmSegment => ({
  segment,
  members,
  member_share,
  revenue: revenue_share * 1000,
  revenue_share,
});
const segments = [
  seg("Champions", 0.1, 0.45),
  seg("Loyal", 0.16, 0.18),
  seg("At risk", 0.2, 0.2),
  seg("Hibernating", 0.14, 0.15),
  seg("New", 0, 0, 0),
  seg("Lost", 0.1, 0.02),
  seg("Never bought", 0.2, 0),
  seg(null, 0, 0, 0),
];

describe("RFM insight", () => {
  it("finds the few segments that bring most of the revenue", () => {
    const insight = revenueInsight(segments);
    expect(insight?.segments).toEqual(["Champions", "Loyal"]);
    expect(percent(insight!.memberShare)).toBe("26%");
    expect(percent(insight!.revenueShare)).toBe("63%");
  });

  it("has nothing to say without revenue", () => {
    expect(revenueInsight([seg("Never bought", 1, 0)])).toBeNull();
  });

  it("charts segments with members, in percent", () => {
    expect(chartRows(segments).map((r) => r.segment)).toEqual(["Champions", "Loyal", "At risk", "Hibernating", "Lost", "Never bought"]);
    expect(chartRows(segments)[0]).toEqual({ segment: "Champions", memberShare: 10, revenueShare: 45 });
  });

  it("writes shares and names for people", () => {
    expect(percent(0.004)).toBe("0.4%");
    expect(percent(0)).toBe("0%");
    expect(joinNames(["A", "B", "C"])).toBe("A, B and C");
  });
});
