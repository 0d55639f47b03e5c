import { describe, expect, it } from "vitest";
import { formatRate, refusalRows } from "./referrals";

describe("refusalRows", () => {
  it("labels reasons, orders them by count and totals them", () => {
    const { rows, total } = refusalRows({ loop: 2, self_referral: 5, unknown_code: 2 });
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ["Own code", 5],
      ["Loop", 2],
      ["Unknown code", 2],
    ]);
    expect(total).toBe(9);
    expect(refusalRows({})).toEqual({ rows: [], total: 0 });
  });
});

describe("formatRate", () => {
  it("shows one decimal or a dash", () => {
    expect(formatRate(0.4567)).toBe("45.7%");
    expect(formatRate(null)).toBe("—");
  });
});
