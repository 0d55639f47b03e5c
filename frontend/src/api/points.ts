import { api, request } from "./client";

export interface EarningBand {
  min_amount: string | number;
  rate: string | number;
}

export interface EarningRule {
  key: string;
  name: string;
  active: boolean;
  bands: EarningBand[];
  channels: string[];
  expires_after_days: number | null;
}

export interface Multiplier {
  id: number;
  name: string;
  factor: number;
  starts_at: string;
  ends_at: string;
  tiers: string[];
}

export type MultiplierBody = Omit<Multiplier, "id">;

export interface TierLevels {
  levels: Record<string, number>;
  order: string[];
}

export const listEarningRules = (signal?: AbortSignal) =>
  api.get<{ rules: EarningRule[] }>("/api/points/rules", signal);

export const createEarningRule = (rule: EarningRule) => api.post<{ rule: EarningRule }>("/api/points/rules", rule);

export const updateEarningRule = (rule: EarningRule) =>
  request<{ rule: EarningRule }>(`/api/points/rules/${encodeURIComponent(rule.key)}`, { method: "PUT", body: rule });

export const listMultipliers = (signal?: AbortSignal) =>
  api.get<{ multipliers: Multiplier[] }>("/api/points/multipliers", signal);

export const createMultiplier = (body: MultiplierBody) =>
  api.post<{ multiplier: Multiplier }>("/api/points/multipliers", body);

export const deleteMultiplier = (id: number) => api.del<{ deleted: number }>(`/api/points/multipliers/${id}`);

export const getTierLevels = (signal?: AbortSignal) => api.get<TierLevels>("/api/points/tiers", signal);

export const saveTierLevels = (levels: Record<string, number>) =>
  request<{ levels: Record<string, number>; changed: number }>("/api/points/tiers", { method: "PUT", body: { levels } });
