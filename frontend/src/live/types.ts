/** Counters of one node: flow counters and, for action nodes, what they queued or granted. */
export type NodeCounters = Partial<Record<CounterName, number>>;

export type CounterName =
  | "entered"
  | "waiting"
  | "passed"
  | "exited"
  | "converted"
  | "errors"
  | "messages_queued"
  | "messages_sent"
  | "messages_deferred"
  | "messages_suppressed"
  | "messages_failed"
  | "coupons_granted"
  | "points_awarded"
  | "webhooks_queued";

/** One sampled member step from the live feed. */
export interface StepSample {
  member: string;
  node: string;
  outcome: string;
  branch: string | null;
  at: string;
}

/** How many members left each node by each branch: `{node_id: {branch: n}}`. */
export type EdgeCounters = Record<string, Record<string, number>>;

/** `snapshot` (also the answer to `join`): every node's and edge's counters, read from the database. */
export interface SnapshotEvent {
  journey: string;
  status: string;
  nodes: Record<string, NodeCounters>;
  edges?: EdgeCounters;
}

/** `counters`: per-node and per-edge deltas since the last update. */
export interface CountersEvent {
  journey: string;
  nodes: Record<string, NodeCounters>;
  edges?: EdgeCounters;
}

export interface StepsEvent {
  journey: string;
  steps: StepSample[];
}

export interface StatusEvent {
  journey: string;
  status: string;
}

/** The answer to `join`: a snapshot, and the journey's newest steps (oldest first) so the feed
 *  does not open empty. */
export type JoinAnswer = ({ ok: true; recent_steps?: StepSample[] } & SnapshotEvent) | { error: string; message: string };

/** What `useJourneyLive` returns. */
export interface JourneyLive {
  connected: boolean;
  status: string | null;
  counters: Record<string, NodeCounters>;
  edges: EdgeCounters;
  feed: StepSample[];
  /** The server's reason when it refused the connection or the join. */
  error: string | null;
}
