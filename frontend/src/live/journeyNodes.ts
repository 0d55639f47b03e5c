import { api, queryString } from "../api/client";

/** A node of a journey version, as the export gives it (only what the live view shows). */
export interface LiveNode {
  id: string;
  type: string;
  label?: string;
}

interface LiveEdge {
  source: string;
  target: string;
}

export const getVersionNodes = (key: string, version: number | null, signal?: AbortSignal) =>
  api
    .get<{ nodes: LiveNode[]; edges: LiveEdge[] }>(
      `/api/journeys/${encodeURIComponent(key)}/export${queryString({ version })}`,
      signal,
    )
    .then((doc) => flowOrder(doc.nodes.map(({ id, type, label }) => ({ id, type, label })), doc.edges));

/** Nodes in the order members meet them: entries first, then breadth-first along the edges;
 *  nodes no edge reaches keep their document order at the end. */
export function flowOrder(nodes: LiveNode[], edges: LiveEdge[]): LiveNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  }
  const seen = new Set<string>();
  const queue = nodes.filter((n) => n.type.startsWith("entry.")).map((n) => n.id);
  const ordered: LiveNode[] = [];
  while (queue.length) {
    const id = queue.shift() as string;
    const node = byId.get(id);
    if (seen.has(id) || !node) {
      continue;
    }
    seen.add(id);
    ordered.push(node);
    queue.push(...(next.get(id) ?? []));
  }
  return [...ordered, ...nodes.filter((n) => !seen.has(n.id))];
}

/** The version a live view follows: the published one, else the newest. */
export function liveVersion(versions: { number: number; status: string }[]): number | null {
  const published = versions.find((v) => v.status === "published");
  return published?.number ?? versions.at(-1)?.number ?? null;
}

/** How a node is named in the live view: its label, else its id. */
export function nodeName(node: LiveNode | undefined, id: string): string {
  return node?.label?.trim() || id;
}
