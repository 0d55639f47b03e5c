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
