import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import type { Reward } from "../../api/rewards";
import { NEW_REWARD, describeReward, describeStock, formFieldOf, formToReward, formatShare, rewardToForm } from "./rewardForm";

const REWARD: Reward = {
  key: "ten-off",
  name: "10 off",
  description: "",
  kind: "coupon",
  points_price: 500,
  coupon_template: "tenoff",
  product_sku: null,
  product_name: null,
  stock_total: 100,
  redeemed_count: 12,
  stock_left: 88,
  per_member_limit: null,
  tiers: ["gold"],
  starts_at: "2026-03-01T00:00:00+00:00",
  ends_at: null,
  active: true,
  updated_at: null,
};

describe("reward form", () => {
  it("round-trips a reward through the form", () => {
    const body = formToReward(rewardToForm(REWARD));
    expect(body).toEqual({
      key: "ten-off",
      name: "10 off",
      description: "",
      kind: "coupon",
      points_price: 500,
      coupon_template: "tenoff",
      product_sku: null,
      stock_total: 100,
      per_member_limit: null,
      tiers: ["gold"],
      starts_at: "2026-03-01T00:00:00.000Z",
      ends_at: null,
      active: true,
    });
  });
  it("sends unlimited stock as null and drops links of other kinds", () => {
    const body = formToReward({
      ...NEW_REWARD,
      key: "draw",
      name: "Draw",
      kind: "lottery",
      coupon_template: "tenoff",
      product_sku: "X",
      unlimitedStock: true,
      window: [dayjs("2026-03-01T00:00:00Z"), null],
    });
    expect([body.stock_total, body.coupon_template, body.product_sku, body.ends_at]).toEqual([null, null, null, null]);
  });
  it("puts the window's server errors on the window", () => {
    expect(formFieldOf("ends_at")).toBe("window");
    expect(formFieldOf("stock_total")).toBe("stock_total");
    expect(formFieldOf("(body)")).toBeNull();
  });
  it("describes what a reward gives and its stock", () => {
    expect(describeReward(REWARD)).toBe("Coupon tenoff");
    expect(describeReward({ ...REWARD, kind: "product", product_name: "Mug" })).toBe("Product Mug");
    expect(describeStock(REWARD)).toBe("88 of 100 left");
    expect(describeStock({ ...REWARD, stock_total: null })).toBe("Unlimited");
    expect(formatShare(0.1234)).toBe("12.3%");
    expect(formatShare(null)).toBe("—");
  });
});
