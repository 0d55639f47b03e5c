import { describe, expect, it } from "vitest";
import { liftOver } from "./lift";

describe("liftOver", () => {
  it("gives each model's gain over popularity at the same k", () => {
    const out = liftOver([
      { model: "popularity", k: 3, precision: 0.2, recall: 0.4 },
      { model: "co-purchase", k: 3, precision: 0.25, recall: 0.3 },
      { model: "co-purchase", k: 5, precision: 0.1, recall: 0.1 },
    ]);
    expect(out[0]!.precisionLift).toBeNull();
    expect(out[1]!.precisionLift).toBeCloseTo(0.25);
    expect(out[1]!.recallLift).toBeCloseTo(-0.25);
    expect(out[2]!.precisionLift).toBeNull();
  });
});
