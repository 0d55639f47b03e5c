import type { CanvasEdge, CanvasNode } from "./convert";
import { nextId } from "./ids";

export interface Fragment {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** The selected nodes and the edges between them. */
export function copySelection(nodes: CanvasNode[], edges: CanvasEdge[]): Fragment {
  const picked = nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: structuredClone(picked),
    edges: structuredClone(edges.filter((e) => ids.has(e.source) && ids.has(e.target))),
  };
}

/** A copy of `fragment` with fresh ids, shifted by `offset`, selected, ready to add to the canvas. */
export function pasteFragment(fragment: Fragment, existing: { nodes: CanvasNode[]; edges: CanvasEdge[] }, offset = 40): Fragment {
  const taken = new Set([...existing.nodes.map((n) => n.id), ...existing.edges.map((e) => e.id)]);
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = nextId(n.data.type, taken);
    taken.add(id);
    renamed.set(n.id, id);
    return { ...structuredClone(n), id, selected: true, position: { x: n.position.x + offset, y: n.position.y + offset } };
  });
  const edges = fragment.edges.map((e) => {
    const source = renamed.get(e.source) ?? e.source;
    const target = renamed.get(e.target) ?? e.target;
    const id = nextId(`e_${source}_${e.data?.branch ?? "next"}`, taken);
    taken.add(id);
    return { ...structuredClone(e), id, source, target, selected: false };
  });
  return { nodes, edges };
}

/** Where a copy waits for a paste in another journey (another editor, or after a reload). */
const STORAGE_KEY = "loyalty-canvas:clipboard";

/** Keep a copied fragment for other editors; a browser that refuses storage just keeps none. */
export function storeFragment(fragment: Fragment): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(fragment));
  } catch {
    // Private mode or a full quota: copying still works within this editor.
  }
}

/** The fragment copied last in any editor of this browser, or null. */
export function storedFragment(): Fragment | null {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === "object" && Array.isArray((parsed as Fragment).nodes) && Array.isArray((parsed as Fragment).edges)) {
      return parsed as Fragment;
    }
  } catch {
    // Unreadable: nothing to paste.
  }
  return null;
}
