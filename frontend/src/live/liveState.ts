import type {
  CountersEvent,
  EdgeCounters,
  JourneyLive,
  NodeCounters,
  SnapshotEvent,
  StepSample,
  StepsEvent,
} from "./types";

/** How many feed entries a page keeps, newest first. */
export const FEED_SIZE = 50;

export type LiveAction =
  | { type: "connected"; connected: boolean }
  | { type: "snapshot"; event: SnapshotEvent & { recent_steps?: StepSample[] } }
  | { type: "counters"; event: CountersEvent }
  | { type: "steps"; event: StepsEvent }
  | { type: "status"; status: string }
  | { type: "error"; message: string }
  | { type: "reset" };

export const initialLive: JourneyLive = {
  connected: false,
  status: null,
  counters: {},
  edges: {},
  feed: [],
  error: null,
};

type Counts = Partial<Record<string, number>>;

function withoutZeros<C extends Counts>(counts: C): C {
  const out: Counts = {};
  for (const [name, value] of Object.entries(counts)) {
    if (value) {
      out[name] = value;
    }
  }
  return out as C;
}

/** Counters plus deltas (neither argument is changed); zero counters are dropped. Node
 *  counters and edge counters (`{node: {branch: n}}`) add up the same way. */
export function addDeltas<C extends Counts>(counters: Record<string, C>, deltas: Record<string, C>): Record<string, C> {
  const next = { ...counters };
  for (const [node, delta] of Object.entries(deltas)) {
    const sum: Counts = { ...next[node] };
    for (const [name, value] of Object.entries(delta)) {
      sum[name] = (sum[name] ?? 0) + (value ?? 0);
    }
    const kept = withoutZeros(sum as C);
    if (Object.keys(kept).length) {
      next[node] = kept;
    } else {
      delete next[node];
    }
  }
  return next;
}

/** Counters only deltas carry (the database cannot tell them per node); a snapshot keeps
 *  what was counted of them since the page opened. */
export const DELTA_ONLY = ["points_awarded", "webhooks_queued"] as const;

/** Replace the counters with a snapshot's, keeping the delta-only ones counted so far. */
export function fromSnapshot(
  nodes: Record<string, NodeCounters>,
  previous: Record<string, NodeCounters> = {},
): Record<string, NodeCounters> {
  const kept: Record<string, NodeCounters> = {};
  for (const [node, counts] of Object.entries(previous)) {
    for (const name of DELTA_ONLY) {
      if (counts[name] && !nodes[node]?.[name]) {
        kept[node] = { ...kept[node], [name]: counts[name] };
      }
    }
  }
  return addDeltas(addDeltas({}, nodes), kept);
}

/** The live state of one journey: a snapshot replaces, deltas add, steps go on top. */
export function liveReducer(state: JourneyLive, action: LiveAction): JourneyLive {
  switch (action.type) {
    case "connected":
      return { ...state, connected: action.connected, error: action.connected ? null : state.error };
    case "snapshot":
      return {
        ...state,
        status: action.event.status,
        counters: fromSnapshot(action.event.nodes, state.counters),
        edges: addDeltas<EdgeCounters[string]>({}, action.event.edges ?? {}),
        // A join answer brings the newest steps: they replace the feed (a reconnect starts over).
        feed: action.event.recent_steps ? [...action.event.recent_steps].reverse().slice(0, FEED_SIZE) : state.feed,
        error: null,
      };
    case "counters":
      return {
        ...state,
        counters: addDeltas(state.counters, action.event.nodes),
        edges: action.event.edges ? addDeltas(state.edges, action.event.edges) : state.edges,
      };
    case "steps":
      return { ...state, feed: [...[...action.event.steps].reverse(), ...state.feed].slice(0, FEED_SIZE) };
    case "status":
      return { ...state, status: action.status };
    case "error":
      return { ...state, error: action.message };
    case "reset":
      return initialLive;
  }
}
