/** A fresh id from a node type or prefix: "action.send" → "send_1", "send_2", … not in `taken`. */
export function nextId(base: string, taken: Set<string>): string {
  const stem =
    (base.includes(".") ? base.slice(base.lastIndexOf(".") + 1) : base).replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 56) || "node";
  for (let n = 1; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}
