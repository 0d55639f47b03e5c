import { api } from "./client";

export interface EvaluationRow {
  model: string;
  k: number;
  precision: number;
  recall: number;
}

/** The last offline evaluation of the recommendation models on a time split of the orders. */
export interface RecommendationEvaluation {
  computed_at: string;
  cutoff: string;
  members: number;
  rows: EvaluationRow[];
}

export function getRecommendationEvaluation(signal?: AbortSignal): Promise<{ evaluation: RecommendationEvaluation | null }> {
  return api.get<{ evaluation: RecommendationEvaluation | null }>("/api/insights/recommendations", signal);
}
