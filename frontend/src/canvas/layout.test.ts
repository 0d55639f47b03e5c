import { describe, expect, it } from "vitest";
import { freeSpot, NODE_HEIGHT, NODE_WIDTH } from "./layout";

const apart = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT;

describe("freeSpot", () => {
  it("keeps the wanted place when it is free", () => {
    expect(freeSpot({ x: 100, y: 100 }, [{ x: 900, y: 900 }])).toEqual({ x: 100, y: 100 });
  });

  it("never lands on a node, however many are added at one place", () => {
    const taken: { x: number; y: number }[] = [];
    for (let i = 0; i < 30; i += 1) {
      const spot = freeSpot({ x: 0, y: 0 }, taken);
      for (const other of taken) expect(apart(spot, other)).toBe(true);
      taken.push(spot);
    }
  });
});
