import dagre from "@dagrejs/dagre";
import type { CanvasEdge, CanvasNode } from "./convert";

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 84;

/** Positions for every node, laid out left to right by the edges (dagre), snapped to a 20 px grid. */
export function autoLayout(nodes: CanvasNode[], edges: CanvasEdge[]): CanvasNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);
  const snap = (v: number) => Math.round(v / 20) * 20;
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    return { ...node, position: { x: snap(placed.x - NODE_WIDTH / 2), y: snap(placed.y - NODE_HEIGHT / 2) } };
  });
}
