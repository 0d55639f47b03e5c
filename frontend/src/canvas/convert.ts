import type { Edge, Node } from "@xyflow/react";
import type { JourneyDocument, JourneyEdge, JourneyNode } from "../api/journeys";

export type NodeGroup = "entry" | "flow" | "action";

export interface JourneyNodeData extends Record<string, unknown> {
  type: string;
  label: string;
  config: Record<string, unknown>;
}

export interface BranchEdgeData extends Record<string, unknown> {
  branch: string;
}

export type CanvasNode = Node<JourneyNodeData, NodeGroup>;
export type CanvasEdge = Edge<BranchEdgeData, "branch">;
export type DocumentHeader = Omit<JourneyDocument, "nodes" | "edges">;

export interface CanvasState {
  header: DocumentHeader;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** The palette group a node type belongs to, from its type name. */
export function groupOf(type: string): NodeGroup {
  if (type.startsWith("entry.")) return "entry";
  if (type.startsWith("action.")) return "action";
  return "flow";
}

export function toCanvasNode(node: JourneyNode): CanvasNode {
  return {
    id: node.id,
    type: groupOf(node.type),
    position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
    data: { type: node.type, label: node.label ?? "", config: node.config ?? {} },
  };
}

export function toCanvasEdge(edge: JourneyEdge): CanvasEdge {
  const branch = edge.branch ?? "next";
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: branch,
    type: "branch",
    data: { branch },
  };
}

/** A stored journey document as canvas state: header, React Flow nodes and edges. */
export function documentToCanvas(document: JourneyDocument): CanvasState {
  const { nodes, edges, ...header } = document;
  return { header, nodes: nodes.map(toCanvasNode), edges: edges.map(toCanvasEdge) };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Canvas state back to a journey document, nodes and edges sorted by id as the server stores them. */
export function canvasToDocument(header: DocumentHeader, nodes: CanvasNode[], edges: CanvasEdge[]): JourneyDocument {
  return {
    ...header,
    nodes: nodes
      .map((n) => ({
        id: n.id,
        type: n.data.type,
        label: n.data.label,
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
        config: n.data.config,
      }))
      .sort(byId),
    edges: edges
      .map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        branch: e.data?.branch ?? e.sourceHandle ?? "next",
      }))
      .sort(byId),
  };
}

/** JSON text with object keys sorted, so equal documents compare equal whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
