import { describe, expect, it } from "vitest";
import { keyFromName, isValidKey } from "./keys";
import { roundDown, roundUp, suggestThreshold } from "./threshold";

describe("coupon threshold from the median order", () => {
  it("rounds to amounts people quote", () => {
    expect(roundUp(196.4)).toBe(200);
    expect(roundUp(73.97)).toBe(80);
    expect(roundUp(1240)).toBe(1250);
    expect(roundDown(18.75)).toBe(15);
    expect(roundDown(2)).toBe(5);
  });

  it("suggests spend 200 get 50 off for a typical order of about 200", () => {
    expect(suggestThreshold({ avg: 230, q1: 120, median: 196, q3: 310 })).toEqual({ median: 196, threshold: 200, discount: 50 });
  });

  it("keeps the threshold at or above a small median", () => {
    expect(suggestThreshold({ avg: 72, q1: 59, median: 73.97, q3: 92 })).toEqual({ median: 73.97, threshold: 80, discount: 20 });
  });

  it("suggests nothing when nobody in the audience ordered", () => {
    expect(suggestThreshold({ avg: null, q1: null, median: null, q3: null })).toBeNull();
  });
});

describe("audience keys", () => {
  it("makes a key from a name", () => {
    expect(keyFromName("Gold members, Shanghai!")).toBe("gold-members-shanghai");
    expect(keyFromName("RFM Can't lose them")).toBe("rfm-can-t-lose-them");
    expect(keyFromName("会员")).toBe("");
    expect(isValidKey("gold-members-shanghai")).toBe(true);
    expect(isValidKey("-gold")).toBe(false);
  });
});
