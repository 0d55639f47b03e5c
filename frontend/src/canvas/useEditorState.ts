import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useMemo, useRef, useState } from "react";
import type { JourneyDocument } from "../api/journeys";
import { copySelection, pasteFragment, storedFragment, storeFragment, type Fragment } from "./clipboard";
import { canvasToDocument, documentToCanvas, type CanvasEdge, type CanvasNode, type CanvasState, type DocumentHeader } from "./convert";
import { nextId } from "./ids";
import { autoLayout, freeSpot } from "./layout";

const HISTORY_LIMIT = 100;
/** Edits of one field within this time are one undo step, so typing is not undone letter by letter. */
const COALESCE_MS = 1200;

type Snapshot = CanvasState;

/** The journey being edited: canvas state, undo/redo history, clipboard, and the document it makes. */
export function useEditorState(initial: JourneyDocument) {
  const [state, setState] = useState<CanvasState>(() => documentToCanvas(initial));
  const current = useRef(state);
  const past = useRef<Snapshot[]>([]);
  const future = useRef<Snapshot[]>([]);
  const lastCoalesce = useRef<{ key: string; at: number } | null>(null);
  const clipboard = useRef<Fragment | null>(null);

  const commit = useCallback((next: CanvasState) => {
    current.current = next;
    setState(next);
  }, []);

  const transient = useCallback((update: (s: CanvasState) => CanvasState) => commit(update(current.current)), [commit]);

  const change = useCallback(
    (update: (s: CanvasState) => CanvasState, coalesceKey?: string) => {
      const now = Date.now();
      const last = lastCoalesce.current;
      const merge = coalesceKey && last && last.key === coalesceKey && now - last.at < COALESCE_MS;
      if (!merge) {
        past.current = [...past.current.slice(-HISTORY_LIMIT + 1), current.current];
        future.current = [];
      }
      lastCoalesce.current = coalesceKey ? { key: coalesceKey, at: now } : null;
      commit(update(current.current));
    },
    [commit],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const structural = changes.some((c) => c.type === "remove" || c.type === "add");
      const apply = (s: CanvasState) => ({ ...s, nodes: applyNodeChanges(changes, s.nodes) });
      // Deleting a node removes its edges in a second change; both are one undo step.
      if (structural) change(apply, changes.some((c) => c.type === "remove") ? "delete" : undefined);
      else transient(apply);
    },
    [change, transient],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      const apply = (s: CanvasState) => ({ ...s, edges: applyEdgeChanges(changes, s.edges) });
      if (changes.some((c) => c.type === "remove")) change(apply, "delete");
      else transient(apply);
    },
    [change, transient],
  );

  const onConnect = useCallback(
    (connection: Connection) =>
      change((s) => {
        const branch = connection.sourceHandle ?? "next";
        // A branch leads to one node: connecting it again moves the edge.
        const kept = s.edges.filter((e) => !(e.source === connection.source && e.data?.branch === branch));
        const taken = new Set(kept.map((e) => e.id));
        let id = `${connection.source}--${branch}--${connection.target}`.slice(0, 64);
        if (taken.has(id) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) id = nextId("edge", taken);
        const edge: CanvasEdge = { id, source: connection.source, target: connection.target, sourceHandle: branch, type: "branch", data: { branch } };
        return { ...s, edges: addEdge(edge, kept) };
      }),
    [change],
  );

  const checkpoint = useCallback(() => change((s) => s), [change]);

  const addNode = useCallback(
    (type: string, at: { x: number; y: number }, config: Record<string, unknown>, { avoid = false } = {}) => {
      let created = "";
      change((s) => {
        created = nextId(type, new Set(s.nodes.map((n) => n.id)));
        // Placed against the state being changed, not the last render's: two nodes added
        // in a row (keys pressed quickly) never share a spot.
        const position = avoid ? freeSpot(at, s.nodes.map((n) => n.position)) : at;
        const group = type.startsWith("entry.") ? "entry" : type.startsWith("action.") ? "action" : "flow";
        const node: CanvasNode = { id: created, type: group, position, selected: true, data: { type, label: "", config: structuredClone(config) } };
        return { ...s, nodes: [...s.nodes.map((n) => ({ ...n, selected: false })), node] };
      });
      return created;
    },
    [change],
  );

  const updateNode = useCallback(
    (id: string, patch: { label?: string; config?: Record<string, unknown> }, field: string) =>
      change(
        (s) => ({ ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)) }),
        `${id}:${field}`,
      ),
    [change],
  );

  const setHeader = useCallback(
    (header: DocumentHeader, field: string) => change((s) => ({ ...s, header }), `settings:${field}`),
    [change],
  );

  const undo = useCallback(() => {
    const previous = past.current.pop();
    if (!previous) return;
    future.current = [...future.current, current.current];
    lastCoalesce.current = null;
    commit(previous);
  }, [commit]);

  const redo = useCallback(() => {
    const next = future.current.pop();
    if (!next) return;
    past.current = [...past.current, current.current];
    lastCoalesce.current = null;
    commit(next);
  }, [commit]);

  const copy = useCallback(() => {
    const fragment = copySelection(state.nodes, state.edges);
    if (fragment.nodes.length) {
      clipboard.current = fragment;
      storeFragment(fragment);
    }
    return fragment.nodes.length;
  }, [state.nodes, state.edges]);

  const paste = useCallback(() => {
    // What was copied in this editor, else what was copied in another journey's.
    const fragment = clipboard.current ?? storedFragment();
    if (!fragment) return;
    change((s) => {
      const pasted = pasteFragment(fragment, s);
      clipboard.current = { nodes: pasted.nodes, edges: pasted.edges };
      return {
        ...s,
        nodes: [...s.nodes.map((n) => ({ ...n, selected: false })), ...pasted.nodes],
        edges: [...s.edges, ...pasted.edges],
      };
    });
  }, [change]);

  const layout = useCallback(() => change((s) => ({ ...s, nodes: autoLayout(s.nodes, s.edges) })), [change]);

  const selectOnly = useCallback(
    (id: string | null) =>
      transient((s) => ({
        ...s,
        nodes: s.nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })),
        edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      })),
    [transient],
  );

  const { header, nodes, edges } = state;
  // Positions are part of the document, but only once a drag ends do they need saving.
  const dragging = nodes.some((n) => n.dragging);
  const documentRef = useRef<JourneyDocument | null>(null);
  const document = useMemo(() => {
    if (dragging && documentRef.current) return documentRef.current;
    documentRef.current = canvasToDocument(header, nodes, edges);
    return documentRef.current;
  }, [header, nodes, edges, dragging]);

  return {
    header,
    nodes,
    edges,
    document,
    onNodesChange,
    onEdgesChange,
    onConnect,
    checkpoint,
    addNode,
    updateNode,
    setHeader,
    undo,
    redo,
    canUndo: past.current.length > 0,
    canRedo: future.current.length > 0,
    copy,
    paste,
    layout,
    selectOnly,
  };
}

export type EditorState = ReturnType<typeof useEditorState>;
