import { describe, expect, it } from "vitest";
import { summarize } from "./summary";
import { ruleSentence } from "./ruleSentence";

describe("ruleSentence", () => {
  it("reads a condition as a sentence", () => {
    expect(ruleSentence({ kind: "no_first_order" })).toBe("never ordered");
    expect(ruleSentence({ kind: "order_count", window_days: 365, op: "gte", value: 3 })).toBe("orders in the last 365 days at least 3");
  });

  it("joins groups with and / or and brackets nested ones", () => {
    const tree = {
      all: [
        { kind: "profile", field: "tier", op: "in", value: ["gold", "platinum"] },
        { any: [{ kind: "tag", op: "has", value: "vip" }, { kind: "total_spend", window_days: null, op: "between", value: [100, 500] }] },
        { not: { kind: "cart_abandoned", window_days: 14 } },
      ],
    };
    expect(ruleSentence(tree)).toBe(
      "tier is one of gold, platinum and (has tag vip or spend between 100 and 500) and not abandoned a cart in the last 14 days",
    );
  });

  it("is the condition node's summary; a saved audience is named", () => {
    expect(summarize("split.condition", { rules: { kind: "no_first_order" } })).toBe("never ordered");
    expect(summarize("split.condition", { audience: "gold" })).toBe("in audience gold");
  });
});
