import { api, request } from "./client";
import type { JourneyDetail, JourneySummary, Violation } from "./types";

export interface Position {
  x: number;
  y: number;
}

export interface JourneyNode {
  id: string;
  type: string;
  label: string;
  position: Position;
  config: Record<string, unknown>;
}

export interface JourneyEdge {
  id: string;
  source: string;
  target: string;
  branch: string;
}

export interface JourneySettings {
  entry?: { reentry?: string; cooldown_days?: number | null; max_entries_per_member?: number | null };
  goal?: {
    event_type: string;
    custom_name?: string | null;
    where?: unknown[];
    conversion_window_days: number;
    exit_on_goal?: boolean;
  } | null;
  exit_criteria?: unknown[];
  timezone?: string;
  quiet_hours?: { start: string; end: string } | null;
  frequency_caps?: Record<string, number | null>;
  tags?: string[];
  [key: string]: unknown;
}

/** A journey document (schema_version 1), as stored and exported by the server. */
export interface JourneyDocument {
  schema_version: number;
  key: string;
  name: string;
  description: string;
  settings: JourneySettings;
  nodes: JourneyNode[];
  edges: JourneyEdge[];
}

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  const?: unknown;
};

export interface NodeType {
  type: string;
  group: "entry" | "flow" | "action";
  label: string;
  icon: string;
  description: string;
  branches: string[];
  dynamic_branches: boolean;
  branch_rule: string | null;
  waits: boolean;
  config_schema: JsonSchema;
  default_config: Record<string, unknown>;
}

export interface VersionInfo {
  number: number;
  status: string;
  checksum: string;
  /** What a draft save must carry as `base_revision` to replace this version. */
  revision: string;
  created_at: string;
  published_at: string | null;
}

export interface VersionDetail {
  journey: JourneyDetail["journey"];
  version: VersionInfo & { document: JourneyDocument };
}

export interface SavedDraft {
  journey: JourneyDetail["journey"];
  version: VersionInfo;
  created: boolean;
  violations: Violation[];
}

export interface NodeCounter {
  entered: number;
  waiting: number;
  passed: number;
  exited: number;
  converted: number;
  errors: number;
  [key: string]: number;
}

export interface CountersResponse {
  journey: string;
  status: string;
  nodes: Record<string, NodeCounter>;
  /** Members who left each node by each branch: ``{node_id: {branch: n}}``. */
  edges: Record<string, Record<string, number>>;
}

export interface TestRun {
  member_id: number;
  member_external_id?: string | null;
  entry_key: string;
  node_id: string;
  status: string;
  due_at: string | null;
  entered_at: string;
  /** Each step taken: [node id, branch left by (null while waiting or at the end)]. */
  path: [string, string | null][];
  error: string | null;
  test: boolean;
  /** Each step with what it would have done (``detail.test``); test runs change nothing real. */
  steps?: TestRunStep[];
}

export interface TestRunStep {
  node_id: string;
  outcome: string;
  branch: string | null;
  detail: Record<string, unknown> | null;
  at: string;
}

export interface ImportResult {
  journey: { key: string; status: string; name?: string };
  version: { number: number; status: string };
  created: boolean;
  dry_run: boolean;
  created_objects: string[];
  violations: Violation[];
}

const path = (key: string) => `/api/journeys/${encodeURIComponent(key)}`;

export const listJourneys = (signal?: AbortSignal) =>
  api.get<{ journeys: JourneySummary[] }>("/api/journeys", signal);
export const getJourney = (key: string, signal?: AbortSignal) => api.get<JourneyDetail>(path(key), signal);
export const getVersion = (key: string, number: number, signal?: AbortSignal) =>
  api.get<VersionDetail>(`${path(key)}/versions/${number}`, signal);
export const listNodeTypes = (signal?: AbortSignal) =>
  api.get<{ node_types: NodeType[] }>("/api/node-types", signal).then((d) => d.node_types);

export const createJourney = (body: { key: string; name: string; description?: string }) =>
  api.post<VersionDetail>("/api/journeys", body);
export const duplicateJourney = (key: string, body: { key: string; name: string }) =>
  api.post<VersionDetail>(`${path(key)}/duplicate`, body);
export const saveDraft = (key: string, document: JourneyDocument, baseRevision: string, keepalive = false) =>
  request<SavedDraft>(`${path(key)}/draft`, { method: "PUT", body: { document, base_revision: baseRevision }, keepalive });

/** Who replaced a draft, from a 409 stale_draft answer. */
export interface DraftConflict {
  revision: string;
  number: number;
  status: string;
  saved_by: string | null;
  saved_at: string | null;
}
export const validateDocument = (document: unknown) =>
  api.post<{ violations: Violation[] }>("/api/journeys/validate", document);

type Lifecycle = { journey: { key: string; status: string }; version?: number; entered?: number };
/** ``moveRunning``: move the members inside the published version to the new one, each at the
 * node of the same id or where ``nodeMapping`` (old node id → new node id) says. */
export const publishJourney = (key: string, moveRunning = false, nodeMapping: Record<string, string> = {}) =>
  api.post<Lifecycle>(`${path(key)}/publish`, moveRunning ? { move_running: true, node_mapping: nodeMapping } : {});
/** What publishing the newest draft now would do; see app/engine/estimate.py. */
export interface PublishPreview {
  version: number;
  entering: { node_id: string; label: string; members: number; held_out: number }[];
  entering_total: number;
  held_out: number;
  control_group_percent: number;
  later_entries: { node_id: string; label: string; type: string }[];
  sends: Record<string, number>;
  coupons: number;
  nodes: { node_id: string; label: string; type: string; channel: string | null; members: number }[];
  assumption: string;
  /** Members inside the published version now, per node; ``in_draft``: the draft keeps that node. */
  running: { node_id: string; label: string; members: number; in_draft: boolean }[];
  draft_nodes: { node_id: string; label: string }[];
}
export const getPublishPreview = (key: string) => api.get<PublishPreview>(`${path(key)}/publish-preview`);
export const pauseJourney = (key: string) => api.post<Lifecycle>(`${path(key)}/pause`);
export const resumeJourney = (key: string) => api.post<Lifecycle>(`${path(key)}/resume`);
export const archiveJourney = (key: string) => api.post<Lifecycle>(`${path(key)}/archive`);

export const getCounters = (key: string, signal?: AbortSignal) =>
  api.get<CountersResponse>(`${path(key)}/counters`, signal);
export const startTestRun = (key: string, body: { member_external_ids: string[]; version?: number }) =>
  api.post<{ entered: number; version: number; entry_node: string }>(`${path(key)}/test-runs`, body);
export const listTestRuns = (key: string, signal?: AbortSignal) =>
  api.get<{ runs: TestRun[] }>(`${path(key)}/test-runs`, signal);

export const importJourney = (body: unknown, dryRun: boolean) =>
  api.post<ImportResult>(`/api/journeys/import${dryRun ? "?dry_run=1" : ""}`, body);
export const exportUrl = (key: string, version?: number) =>
  `${path(key)}/export${version ? `?version=${version}` : ""}`;
