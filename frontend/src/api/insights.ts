import { api } from "./client";

/** Members whose score lies in [low, high) (the last bin of an open-topped score holds all above). */
export interface Bin {
  low: number;
  high: number;
  members: number;
}

export interface CalibrationBucket {
  /** Repeat purchases before the cut-off: "0" … "6", then "7+". */
  frequency: string;
  members: number;
  predicted: number;
  actual: number;
}

export interface Calibration {
  cutoff_day: number;
  holdout_days: number;
  members: number;
  predicted_total: number;
  actual_total: number;
  parameters: Record<string, number>;
  buckets: CalibrationBucket[];
}

export interface PredictionInsights {
  refreshed_at: string | null;
  as_of: string | null;
  members: number;
  parameters: { bgnbd: Record<string, number>; gamma_gamma: Record<string, number> | null } | null;
  churn_thresholds: { high_below: number; medium_below: number };
  annual_discount: number;
  churn_risk: { risk: string; members: number }[];
  distributions: {
    probability_alive: Bin[];
    predicted_value: Bin[];
    expected_purchases_90: Bin[];
    next_purchase_days: Bin[];
  };
  holdout_days: number | null;
  calibration: Calibration | null;
}

export interface MemberScores {
  as_of: string;
  purchases: number;
  probability_alive: number;
  churn_risk: string;
  expected_purchases_30: number;
  expected_purchases_90: number;
  expected_purchases_365: number;
  expected_spend: number;
  predicted_value: number;
  next_purchase_at: string;
}

export interface MemberReplenishment {
  sku: string | null;
  product: string | null;
  category_key: string | null;
  category: string | null;
  purchases: number;
  last_bought_at: string;
  interval_days: number;
  runs_out_at: string;
  /** Its run-out date has passed without a purchase. */
  ran_out: boolean;
}

export interface MemberPredictions {
  scores: MemberScores | null;
  replenishments: MemberReplenishment[];
}

export function getPredictionInsights(signal?: AbortSignal): Promise<PredictionInsights> {
  return api.get<PredictionInsights>("/api/insights/predictions", signal);
}
