import { describe, expect, it } from "vitest";
import { counterBadges, hasMessages, messageBadges, outcomeText } from "./counterLabels";

describe("counterBadges", () => {
  it("always lists the six flow counters, zeros included", () => {
    expect(counterBadges(undefined).map((b) => [b.label, b.value])).toEqual([
      ["Entered", 0],
      ["Waiting now", 0],
      ["Passed", 0],
      ["Exited", 0],
      ["Converted", 0],
      ["Errors", 0],
    ]);
  });

  it("adds messages and coupons only when the node has them", () => {
    const badges = counterBadges({ entered: 5, passed: 5, coupons_granted: 4 });
    expect(badges.map((b) => b.label)).toContain("Coupons granted");
    expect(badges.map((b) => b.label)).not.toContain("Messages queued");
    expect(badges.find((b) => b.name === "entered")?.value).toBe(5);
  });
});

describe("message counters", () => {
  it("follow the messages queued: sent, deferred and suppressed, failed only when some did", () => {
    const counters = { entered: 9, passed: 9, messages_queued: 9, messages_sent: 6, messages_suppressed: 1 };
    expect(hasMessages(counters)).toBe(true);
    expect(messageBadges(counters).map((b) => [b.label, b.value])).toEqual([
      ["Sent", 6],
      ["Deferred", 0],
      ["Suppressed", 1],
    ]);
    expect(counterBadges(counters).map((b) => b.label).slice(-4)).toEqual(["Messages queued", "Sent", "Deferred", "Suppressed"]);
    expect(counterBadges(counters, { messages: false }).map((b) => b.label)).not.toContain("Sent");
    expect(messageBadges({ messages_failed: 2 }).map((b) => b.label)).toContain("Failed");
  });

  it("are left out on nodes that queue no messages", () => {
    expect(hasMessages({ entered: 3, passed: 3 })).toBe(false);
    expect(counterBadges({ entered: 3, passed: 3 }).map((b) => b.label)).not.toContain("Sent");
  });
});

describe("outcomeText", () => {
  it("reads as a sentence and passes unknown outcomes through", () => {
    expect(outcomeText("waiting")).toBe("is waiting at");
    expect(outcomeText("something")).toBe("something");
  });
});
