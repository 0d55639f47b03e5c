import { describe, expect, it } from "vitest";
import { describeBands, ruleBody, tierLevels } from "./pointsText";

describe("describeBands", () => {
  it("states each band's rate from its minimum", () => {
    expect(describeBands([{ min_amount: "500", rate: "1.5" }, { min_amount: 0, rate: 1 }])).toBe(
      "1 point per ¥1 · from ¥500: 1.5 points per ¥1",
    );
  });
});

describe("ruleBody", () => {
  it("sorts bands, turns them into numbers and drops an empty expiry", () => {
    expect(
      ruleBody({
        key: " base ",
        name: "Base",
        active: true,
        bands: [
          { min_amount: "1000", rate: "2" },
          { min_amount: "0", rate: "1" },
        ],
        channels: [],
        expires_after_days: 0,
      }),
    ).toEqual({
      key: "base",
      name: "Base",
      active: true,
      bands: [
        { min_amount: 0, rate: 1 },
        { min_amount: 1000, rate: 2 },
      ],
      channels: [],
      expires_after_days: null,
    });
  });
});

describe("tierLevels", () => {
  it("keeps tiers above basic that have a threshold", () => {
    expect(tierLevels(["basic", "silver", "gold"], { basic: 0, silver: 1000, gold: null })).toEqual({ silver: 1000 });
  });
});
