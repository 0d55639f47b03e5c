import { describe, expect, it } from "vitest";
import { FEED_SIZE, addDeltas, initialLive, liveReducer } from "./liveState";
import type { StepSample } from "./types";

const snapshot = {
  journey: "welcome",
  status: "published",
  nodes: { wait: { entered: 120, waiting: 120, passed: 0 }, start: { entered: 120, passed: 120 } },
};

describe("liveReducer", () => {
  it("takes the counters and status of a snapshot, leaving zeros out", () => {
    const state = liveReducer(initialLive, { type: "snapshot", event: snapshot });
    expect(state.status).toBe("published");
    expect(state.counters).toEqual({ wait: { entered: 120, waiting: 120 }, start: { entered: 120, passed: 120 } });
  });

  it("adds deltas to the snapshot so waiting members move on", () => {
    let state = liveReducer(initialLive, { type: "snapshot", event: snapshot });
    state = liveReducer(state, {
      type: "counters",
      event: { journey: "welcome", nodes: { wait: { passed: 50, waiting: -50 }, done: { entered: 50, exited: 50 } } },
    });
    state = liveReducer(state, {
      type: "counters",
      event: { journey: "welcome", nodes: { wait: { passed: 70, waiting: -70 }, done: { entered: 70, exited: 70 } } },
    });
    expect(state.counters.wait).toEqual({ entered: 120, passed: 120 });
    expect(state.counters.done).toEqual({ entered: 120, exited: 120 });
  });

  it("replaces the flow counters on a later snapshot (a resync) but keeps points awarded", () => {
    let state = liveReducer(initialLive, {
      type: "counters",
      event: { journey: "welcome", nodes: { x: { entered: 3 }, points: { entered: 2, passed: 2, points_awarded: 100 } } },
    });
    state = liveReducer(state, { type: "snapshot", event: snapshot });
    expect(state.counters.x).toBeUndefined();
    expect(state.counters.points).toEqual({ points_awarded: 100 });
  });

  it("takes message outcomes from snapshots, which read them from the outbox", () => {
    let state = liveReducer(initialLive, {
      type: "counters",
      event: { journey: "welcome", nodes: { send: { entered: 2, passed: 2, messages_queued: 2 } } },
    });
    state = liveReducer(state, {
      type: "snapshot",
      event: { ...snapshot, nodes: { send: { messages_queued: 5, messages_sent: 3, messages_deferred: 2 } } },
    });
    expect(state.counters.send).toEqual({ messages_queued: 5, messages_sent: 3, messages_deferred: 2 });
    state = liveReducer(state, {
      type: "counters",
      event: { journey: "welcome", nodes: { send: { messages_sent: 2, messages_deferred: -2 } } },
    });
    expect(state.counters.send).toEqual({ messages_queued: 5, messages_sent: 5 });
  });

  it("replaces edge counts on a snapshot and adds edge deltas", () => {
    let state = liveReducer(initialLive, {
      type: "snapshot",
      event: { ...snapshot, edges: { start: { next: 120 }, ab: { a: 60, b: 0 } } },
    });
    expect(state.edges).toEqual({ start: { next: 120 }, ab: { a: 60 } });
    state = liveReducer(state, {
      type: "counters",
      event: { journey: "welcome", nodes: {}, edges: { ab: { b: 4, a: 1 }, wait: { next: 3 } } },
    });
    expect(state.edges).toEqual({ start: { next: 120 }, ab: { a: 61, b: 4 }, wait: { next: 3 } });
    state = liveReducer(state, { type: "counters", event: { journey: "welcome", nodes: { wait: { passed: 1 } } } });
    expect(state.edges.wait).toEqual({ next: 3 });
    state = liveReducer(state, { type: "snapshot", event: snapshot });
    expect(state.edges).toEqual({});
  });

  it("keeps the newest steps first and at most FEED_SIZE of them", () => {
    const step = (i: number): StepSample => ({ member: `m${i}`, node: "wait", outcome: "passed", branch: null, at: "" });
    let state = liveReducer(initialLive, { type: "steps", event: { journey: "w", steps: [step(1), step(2)] } });
    expect(state.feed.map((s) => s.member)).toEqual(["m2", "m1"]);
    const many = Array.from({ length: FEED_SIZE + 5 }, (_, i) => step(i + 10));
    state = liveReducer(state, { type: "steps", event: { journey: "w", steps: many } });
    expect(state.feed).toHaveLength(FEED_SIZE);
    expect(state.feed[0]?.member).toBe(`m${FEED_SIZE + 14}`);
  });

  it("opens the feed with the join answer's newest steps and keeps it on later snapshots", () => {
    const step = (i: number): StepSample => ({ member: `m${i}`, node: "wait", outcome: "passed", branch: null, at: "" });
    let state = liveReducer(initialLive, {
      type: "snapshot",
      event: { journey: "w", status: "published", nodes: {}, recent_steps: [step(1), step(2), step(3)] },
    });
    expect(state.feed.map((s) => s.member)).toEqual(["m3", "m2", "m1"]);
    state = liveReducer(state, { type: "snapshot", event: { journey: "w", status: "published", nodes: {} } });
    expect(state.feed.map((s) => s.member)).toEqual(["m3", "m2", "m1"]);
  });

  it("follows status changes and connection state", () => {
    let state = liveReducer(initialLive, { type: "error", message: "Sign in to watch journeys live." });
    expect(state.error).toBe("Sign in to watch journeys live.");
    state = liveReducer(state, { type: "connected", connected: true });
    expect(state).toMatchObject({ connected: true, error: null });
    expect(liveReducer(state, { type: "status", status: "paused" }).status).toBe("paused");
  });
});

describe("addDeltas", () => {
  it("drops nodes whose counters return to zero and leaves its inputs alone", () => {
    const counters = { a: { waiting: 2 } };
    expect(addDeltas(counters, { a: { waiting: -2 } })).toEqual({});
    expect(counters).toEqual({ a: { waiting: 2 } });
  });
});
