import { api, request } from "./client";

/** A condition: `kind` plus the fields of its kind (docs/audience-rules.md). */
export interface Condition {
  kind: string;
  [key: string]: unknown;
}

/** A node of an audience rule tree: a group (`all`, `any`, `not`) or a condition. */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | Condition;

/** One field of a condition kind, as `GET /api/audiences/fields` describes it. */
export interface FieldDescriptor {
  field: string;
  type?: string;
  operators?: string[];
  choices?: string[];
  nullable?: boolean;
  min?: number;
  max?: number;
}

/** A condition kind as the server describes it to the rule builder. */
export interface KindDescriptor {
  kind: string;
  label: string;
  fields?: FieldDescriptor[];
  operators?: string[];
  types?: Record<string, string[]>;
  where_types?: Record<string, string[]>;
  segments?: string[];
  scores?: string[];
  event_types?: string[];
}

export interface ConditionFields {
  groups: string[];
  conditions: KindDescriptor[];
}

export interface SavedAudience {
  key: string;
  name: string;
  description: string;
  rules: RuleNode;
  last_size: number | null;
  last_size_at: string | null;
  updated_at: string | null;
}

export interface SampleMember {
  id: number;
  external_id: string;
  name: string | null;
  city: string | null;
  tier: string;
  points_balance: number;
  orders_count: number;
  total_spent: number;
  last_order_at: string | null;
  rfm_segment: string | null;
}

export interface OrderValue {
  avg: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

export interface AudiencePreview {
  size: number;
  sample: SampleMember[];
  order_value: OrderValue;
}

export interface AudienceInput {
  key: string;
  name: string;
  description: string;
  rules: RuleNode;
}

export interface RfmSegment {
  segment: string | null;
  /** What the segment means: its score cells, or why it has no scores ("Lost", "Never bought"). */
  description?: string;
  members: number;
  member_share: number;
  revenue: number;
  revenue_share: number;
}

export interface RfmSummary {
  segments: RfmSegment[];
  refreshed_at: string | null;
  /** The moment the last refresh scored at: its run time, or a past date it was run for. */
  as_of: string | null;
  window_days: number;
}

export interface RfmRefresh {
  scored: number;
  changed: number;
  refreshed_at: string;
  as_of: string;
  window_days: number;
}

const path = (key: string) => `/api/audiences/${encodeURIComponent(key)}`;

export const getConditionFields = (signal?: AbortSignal) =>
  api.get<ConditionFields>("/api/audiences/fields", signal);

export const listSavedAudiences = (signal?: AbortSignal) =>
  api.get<{ audiences: SavedAudience[] }>("/api/audiences", signal).then((d) => d.audiences);

export const getAudience = (key: string, signal?: AbortSignal) =>
  api.get<{ audience: SavedAudience }>(path(key), signal).then((d) => d.audience);

export const createAudience = (input: AudienceInput) =>
  api.post<{ audience: SavedAudience }>("/api/audiences", input).then((d) => d.audience);

export const updateAudience = ({ key, ...body }: AudienceInput) =>
  request<{ audience: SavedAudience }>(path(key), { method: "PUT", body }).then((d) => d.audience);

export const deleteAudience = (key: string) => api.del<{ ok: boolean }>(path(key));

export const previewRules = (rules: RuleNode) =>
  api.post<AudiencePreview>("/api/audiences/preview", { rules });

/** Preview a saved audience; the server remembers its size for the list. */
export const countAudience = (key: string) => api.post<AudiencePreview>(`${path(key)}/preview`);

export const getRfm = (signal?: AbortSignal) => api.get<RfmSummary>("/api/rfm", signal);

export const refreshRfm = () => api.post<RfmRefresh>("/api/rfm/refresh");

