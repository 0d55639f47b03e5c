import type { NodeType } from "../api/journeys";

type Keyed = { key?: unknown };

function keys(list: unknown): string[] {
  return Array.isArray(list)
    ? list.map((item: Keyed) => (typeof item?.key === "string" ? item.key : "")).filter(Boolean)
    : [];
}

/** How the branches of the node types with dynamic branches follow from their config. */
const DYNAMIC_BRANCHES: Record<string, (config: Record<string, unknown>) => string[]> = {
  "split.multi": (config) => [...keys(config.branches), "else"],
  "split.random": (config) => [
    ...keys(config.variants),
    ...(typeof config.holdout_percent === "number" && config.holdout_percent > 0 ? ["holdout"] : []),
  ],
  "split.experiment": (config) => keys(config.variants),
  "action.coupon": (config) => ["granted", "out_of_stock", ...(config.limit_reached_branch === true ? ["limit_reached"] : [])],
};

/** The outgoing branches (source handles) of a node, in order. */
export function branchesOf(nodeType: NodeType | undefined, type: string, config: Record<string, unknown>): string[] {
  const dynamic = DYNAMIC_BRANCHES[type];
  if (dynamic) return dynamic(config);
  return nodeType?.branches ?? ["next"];
}
