import type { EvaluationRow } from "../api/recommendations";

/** Each row with its relative gain over the popularity baseline at the same k (null for the baseline itself). */
export function liftOver(rows: EvaluationRow[]) {
  const base = new Map(rows.filter((r) => r.model === "popularity").map((r) => [r.k, r]));
  return rows.map((r) => {
    const b = base.get(r.k);
    const isBase = r.model === "popularity" || !b;
    return {
      ...r,
      precisionLift: isBase || !b.precision ? null : r.precision / b.precision - 1,
      recallLift: isBase || !b.recall ? null : r.recall / b.recall - 1,
    };
  });
}
