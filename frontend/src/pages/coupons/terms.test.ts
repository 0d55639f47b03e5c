import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import type { Coupon, CouponTemplate } from "../../api/coupons";
import {
  NEW_TEMPLATE,
  couponUsage,
  describeTerms,
  describeValidity,
  formFieldOf,
  formToTemplate,
  formatRate,
  templateToForm,
} from "./terms";

describe("describeTerms", () => {
  it("states an amount off with its threshold", () => {
    expect(describeTerms("amount_off", { threshold: "200", amount: "50" })).toBe("Spend ¥200, get ¥50 off");
  });
  it("states an amount off without a threshold", () => {
    expect(describeTerms("amount_off", { threshold: 0, amount: 10 })).toBe("¥10 off any order");
  });
  it("states a percent off with its cap", () => {
    expect(describeTerms("percent_off", { threshold: 100, percent: 15, cap: 40 })).toBe(
      "Spend ¥100, get 15% off (up to ¥40)",
    );
    expect(describeTerms("percent_off", { percent: "12.5" })).toBe("12.5% off");
  });
  it("states free shipping", () => {
    expect(describeTerms("free_shipping", { threshold: 99 })).toBe("Spend ¥99, get free shipping");
    expect(describeTerms("free_shipping", {})).toBe("Free shipping");
  });
  it("keeps cents when the amount is not whole", () => {
    expect(describeTerms("amount_off", { threshold: 88.8, amount: 8.5 })).toBe("Spend ¥88.80, get ¥8.50 off");
  });
});

describe("describeValidity", () => {
  it("states days after grant or a window", () => {
    expect(describeValidity({ days_after_grant: 30 })).toBe("Valid 30 days after grant");
    expect(describeValidity({ days_after_grant: 1 })).toBe("Valid 1 day after grant");
    expect(describeValidity({ starts_at: "2026-12-01T00:00:00+08:00", ends_at: "2026-12-31T00:00:00+08:00" })).toMatch(
      /^Valid 2026-1[12]-\d\d to 2026-12-\d\d$/,
    );
  });
});

describe("form conversion", () => {
  it("builds the API body of an amount-off template", () => {
    const body = formToTemplate({ ...NEW_TEMPLATE, key: " spend200 ", name: "Spend 200 get 50", threshold: 200, amount: 50 });
    expect(body).toEqual({
      key: "spend200",
      name: "Spend 200 get 50",
      kind: "amount_off",
      terms: { threshold: 200, amount: 50 },
      validity: { days_after_grant: 30 },
      stock_total: 10000,
      per_member_limit: 1,
      channels: ["online", "pos"],
      active: true,
    });
  });
  it("sends a fixed window, unlimited stock and drops an empty cap", () => {
    const start = dayjs("2026-12-01T00:00:00+08:00");
    const end = dayjs("2026-12-12T00:00:00+08:00");
    const body = formToTemplate({
      ...NEW_TEMPLATE,
      key: "pct",
      name: "Ten percent",
      kind: "percent_off",
      percent: 10,
      cap: null,
      validityMode: "window",
      window: [start, end],
      unlimitedStock: true,
    });
    expect(body.terms).toEqual({ threshold: 0, percent: 10 });
    expect(body.stock_total).toBeNull();
    expect(dayjs(body.validity.starts_at).valueOf()).toBe(start.valueOf());
    expect(dayjs(body.validity.ends_at).valueOf()).toBe(end.valueOf());
  });
  it("round-trips a saved template", () => {
    const saved: CouponTemplate = {
      key: "ship",
      name: "Free shipping over 99",
      kind: "free_shipping",
      terms: { threshold: "99" },
      validity: { days_after_grant: 7 },
      stock_total: null,
      per_member_limit: 2,
      channels: ["online"],
      active: false,
      value: "spend 99, free shipping",
      issued_count: 3,
      stock_left: null,
      updated_at: null,
    };
    const { value: _v, issued_count: _i, stock_left: _s, updated_at: _u, ...definition } = saved;
    expect(formToTemplate(templateToForm(saved))).toEqual({ ...definition, terms: { threshold: 99 } });
  });
  it("maps server fields to form fields", () => {
    expect(formFieldOf("terms.amount")).toBe("amount");
    expect(formFieldOf("validity")).toBe("days_after_grant");
    expect(formFieldOf("stock_total")).toBe("stock_total");
    expect(formFieldOf("(body)")).toBeNull();
  });
});

function coupon(status: Coupon["status"], extra: Partial<Coupon> = {}): Coupon {
  return {
    code: `C-${Math.random()}`,
    template: "t",
    member_id: 1,
    status,
    source: "api",
    granted_at: null,
    valid_from: null,
    valid_until: null,
    claimed_at: null,
    redeemed_at: null,
    expired_at: null,
    order_id: null,
    order_amount: null,
    discount: null,
    redeem_channel: null,
    ...extra,
  };
}

describe("couponUsage", () => {
  it("counts statuses and the usage rate", () => {
    const usage = couponUsage([
      coupon("granted"),
      coupon("claimed", { claimed_at: "2026-11-01T00:00:00Z" }),
      coupon("redeemed", { claimed_at: "2026-11-01T00:00:00Z", discount: "50.00" }),
      coupon("redeemed", { discount: "50.00" }),
      coupon("expired"),
    ]);
    expect(usage).toMatchObject({ issued: 5, claimed: 2, redeemed: 2, expired: 1, void: 0, discount: 100 });
    expect(formatRate(usage.usageRate)).toBe("40%");
  });
  it("has no rate when nothing was issued", () => {
    expect(couponUsage([]).usageRate).toBeNull();
    expect(formatRate(null)).toBe("—");
    expect(formatRate(1 / 3)).toBe("33.3%");
  });
});
