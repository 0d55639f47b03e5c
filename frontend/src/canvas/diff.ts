import type { JourneyDocument } from "../api/journeys";
import { stableStringify } from "./convert";

export type NodeChange = "added" | "removed" | "changed" | "moved" | "same";

export interface DocumentDiff {
  nodes: Record<string, NodeChange>;
  edges: Record<string, "added" | "removed" | "same">;
  settingsChanged: boolean;
  counts: { added: number; removed: number; changed: number };
}

function edgeSignature(e: JourneyDocument["edges"][number]): string {
  return `${e.source}|${e.branch}|${e.target}`;
}

/** What changed from `older` to `newer`: each node and edge marked added, removed, changed or same. */
export function diffDocuments(older: JourneyDocument, newer: JourneyDocument): DocumentDiff {
  const before = new Map(older.nodes.map((n) => [n.id, n]));
  const after = new Map(newer.nodes.map((n) => [n.id, n]));
  const nodes: Record<string, NodeChange> = {};
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) nodes[id] = "added";
    else if (old.type !== node.type || old.label !== node.label || stableStringify(old.config) !== stableStringify(node.config))
      nodes[id] = "changed";
    else if (old.position.x !== node.position.x || old.position.y !== node.position.y) nodes[id] = "moved";
    else nodes[id] = "same";
  }
  for (const id of before.keys()) if (!after.has(id)) nodes[id] = "removed";

  const edges: DocumentDiff["edges"] = {};
  const oldEdges = new Map(older.edges.map((e) => [e.id, edgeSignature(e)]));
  const newEdges = new Map(newer.edges.map((e) => [e.id, edgeSignature(e)]));
  for (const [id, sig] of newEdges) edges[id] = oldEdges.get(id) === sig ? "same" : "added";
  for (const [id, sig] of oldEdges) if (newEdges.get(id) !== sig) edges[`${id}~old`] = "removed";

  const values = Object.values(nodes);
  return {
    nodes,
    edges,
    settingsChanged: stableStringify(older.settings) !== stableStringify(newer.settings),
    counts: {
      added: values.filter((v) => v === "added").length,
      removed: values.filter((v) => v === "removed").length,
      changed: values.filter((v) => v === "changed").length,
    },
  };
}

/** One setting of a node that differs between two versions, as text. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

function shown(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return stableStringify(value);
}

/** The label and each top-level setting that differ between two versions of one node. */
export function fieldChanges(
  older: JourneyDocument["nodes"][number] | undefined,
  newer: JourneyDocument["nodes"][number] | undefined,
): FieldChange[] {
  if (!older || !newer) return [];
  const out: FieldChange[] = [];
  if ((older.label ?? "") !== (newer.label ?? "")) out.push({ field: "label", before: shown(older.label ?? ""), after: shown(newer.label ?? "") });
  if (older.type !== newer.type) out.push({ field: "type", before: older.type, after: newer.type });
  const keys = [...new Set([...Object.keys(older.config ?? {}), ...Object.keys(newer.config ?? {})])].sort();
  for (const key of keys) {
    const a = (older.config ?? {})[key];
    const b = (newer.config ?? {})[key];
    if (stableStringify(a) !== stableStringify(b)) out.push({ field: key, before: shown(a), after: shown(b) });
  }
  return out;
}

/** An edge one version has and the other has not, named by its ends. */
export interface EdgeChange {
  id: string;
  change: "added" | "removed";
  source: string;
  branch: string;
  target: string;
}

/** Edges added in `newer` and removed from `older` (an edge re-pointed counts as both). */
export function edgeChanges(older: JourneyDocument, newer: JourneyDocument): EdgeChange[] {
  const signature = (e: JourneyDocument["edges"][number]) => `${e.source}|${e.branch}|${e.target}`;
  const before = new Set(older.edges.map(signature));
  const after = new Set(newer.edges.map(signature));
  const pick = (e: JourneyDocument["edges"][number], change: EdgeChange["change"]): EdgeChange => ({
    id: e.id,
    change,
    source: e.source,
    branch: e.branch,
    target: e.target,
  });
  return [
    ...newer.edges.filter((e) => !before.has(signature(e))).map((e) => pick(e, "added")),
    ...older.edges.filter((e) => !after.has(signature(e))).map((e) => pick(e, "removed")),
  ];
}
