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

/** `snapshot` (also the answer to `join`): every node's counters, read from the database. */
export interface SnapshotEvent {
  journey: string;
  status: string;
  nodes: Record<string, NodeCounters>;
}

/** `counters`: per-node deltas since the last update. */
export interface CountersEvent {
  journey: string;
  nodes: Record<string, NodeCounters>;
}

export interface StepsEvent {
  journey: string;
  steps: StepSample[];
}

export interface StatusEvent {
  journey: string;
  status: string;
}

export type JoinAnswer = ({ ok: true } & SnapshotEvent) | { error: string; message: string };

/** What `useJourneyLive` returns. */
export interface JourneyLive {
  connected: boolean;
  status: string | null;
  counters: Record<string, NodeCounters>;
  feed: StepSample[];
  /** The server's reason when it refused the connection or the join. */
  error: string | null;
}
