import { describe, expect, it } from "vitest";
import { describeRowError, poolStock } from "./codePools";

describe("poolStock", () => {
  it("is empty, low at or below the level, and ok above it", () => {
    expect(poolStock({ total: 0, remaining: 0, low_stock_level: 0 })).toEqual({ percent: 0, state: "empty" });
    expect(poolStock({ total: 200, remaining: 20, low_stock_level: 20 })).toEqual({ percent: 10, state: "low" });
    expect(poolStock({ total: 200, remaining: 21, low_stock_level: 20 })).toEqual({ percent: 11, state: "ok" });
  });
});

describe("describeRowError", () => {
  it("names the row when there is one", () => {
    expect(describeRowError({ row: 4, column: "code", message: "code is empty" })).toBe("Row 4: code is empty");
    expect(describeRowError({ row: null, column: null, message: "the file holds no codes" })).toBe(
      "the file holds no codes",
    );
  });
});
