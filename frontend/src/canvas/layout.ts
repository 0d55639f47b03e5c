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

/** Room kept free around a node, so a new one never touches its neighbours. */
const GAP = 40;

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.abs(a.x - b.x) < NODE_WIDTH + GAP && Math.abs(a.y - b.y) < NODE_HEIGHT + GAP;
}

/**
 * The nearest place to ``wanted`` where a new node overlaps none of ``taken``: ``wanted`` itself
 * when it is free, else the nearest free cell of a grid of node-sized steps around it.
 */
export function freeSpot(wanted: { x: number; y: number }, taken: { x: number; y: number }[]): { x: number; y: number } {
  const stepX = NODE_WIDTH + GAP;
  const stepY = NODE_HEIGHT + GAP;
  const cells: { x: number; y: number; d: number }[] = [];
  for (let ring = 0; ring <= 40; ring += 1) {
    cells.length = 0;
    for (let dx = -ring; dx <= ring; dx += 1) {
      for (let dy = -ring; dy <= ring; dy += 1) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        cells.push({ x: wanted.x + dx * stepX, y: wanted.y + dy * stepY, d: Math.hypot(dx * stepX, dy * stepY) });
      }
    }
    cells.sort((a, b) => a.d - b.d);
    const free = cells.find((cell) => !taken.some((t) => overlaps(cell, t)));
    if (free) return { x: free.x, y: free.y };
  }
  return wanted;
}
