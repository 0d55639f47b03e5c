import { describe, expect, it } from "vitest";
import type { JourneyDocument } from "../api/journeys";
import { canvasToDocument, documentToCanvas, groupOf, stableStringify } from "./convert";

const bundles = import.meta.glob<{ journey: JourneyDocument }>("../../../journeys/*.json", {
  eager: true,
  import: "default",
});

describe("documentToCanvas / canvasToDocument", () => {
  it("finds every example journey", () => {
    expect(Object.keys(bundles).length).toBeGreaterThanOrEqual(9);
  });

  for (const [path, bundle] of Object.entries(bundles)) {
    it(`round-trips ${path.split("/").pop()}`, () => {
      const document = bundle.journey;
      const state = documentToCanvas(document);
      expect(state.nodes).toHaveLength(document.nodes.length);
      expect(state.edges).toHaveLength(document.edges.length);
      const back = canvasToDocument(state.header, state.nodes, state.edges);
      expect(back).toEqual(document);
      expect(stableStringify(back)).toBe(stableStringify(document));
    });
  }

  it("puts each branch on its source handle and each node in its palette group", () => {
    const doc: JourneyDocument = {
      schema_version: 1,
      key: "k",
      name: "K",
      description: "",
      settings: {},
      nodes: [
        { id: "b", type: "split.condition", label: "", position: { x: 10, y: 20 }, config: {} },
        { id: "a", type: "entry.api", label: "Start", position: { x: 0, y: 0 }, config: { note: "" } },
        { id: "c", type: "action.tag", label: "", position: { x: 0, y: 0 }, config: {} },
      ],
      edges: [{ id: "e", source: "b", target: "c", branch: "yes" }],
    };
    const state = documentToCanvas(doc);
    expect(state.nodes.map((n) => n.type)).toEqual(["flow", "entry", "action"]);
    expect(state.edges[0]).toMatchObject({ sourceHandle: "yes", data: { branch: "yes" } });
    expect(canvasToDocument(state.header, state.nodes, state.edges).nodes.map((n) => n.id)).toEqual(["a", "b", "c"]);
  });

  it("rounds dragged positions to whole pixels", () => {
    const state = documentToCanvas({
      schema_version: 1, key: "k", name: "K", description: "", settings: {},
      nodes: [{ id: "a", type: "exit", label: "", position: { x: 0, y: 0 }, config: {} }],
      edges: [],
    });
    state.nodes[0]!.position = { x: 10.4, y: 19.6 };
    expect(canvasToDocument(state.header, state.nodes, state.edges).nodes[0]!.position).toEqual({ x: 10, y: 20 });
  });

  it("groups types by their prefix", () => {
    expect([groupOf("entry.date"), groupOf("wait.event"), groupOf("exit"), groupOf("action.send")]).toEqual([
      "entry", "flow", "flow", "action",
    ]);
  });
});
