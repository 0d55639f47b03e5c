import { api } from "./client";
import type { MetricName } from "./dashboard";

export type Comparison = "falls_by" | "rises_by" | "below" | "above";

export interface Monitor {
  key: string;
  name: string;
  metric: MetricName;
  comparison: Comparison;
  threshold: number;
  period_days: number;
  active: boolean;
  created_at: string;
}

export type MonitorInput = Omit<Monitor, "created_at">;

export interface Alert {
  id: number;
  /** `kpi`: a monitor fired; `code_pool`: a code pool fell to its low-stock level. */
  kind: "kpi" | "code_pool";
  monitor: string | null;
  pool: string | null;
  period_end: string;
  value: number;
  previous: number | null;
  message: string;
  members: number;
  outcome: { entered?: Record<string, number>; emails?: { sent: number; reason?: string } };
  fired_at: string;
  read: boolean;
}

export const listMonitors = (signal?: AbortSignal) =>
  api.get<{ monitors: Monitor[] }>("/api/alerts/monitors", signal);
export const createMonitor = (body: MonitorInput) => api.post<Monitor>("/api/alerts/monitors", body);
export const setMonitorActive = (key: string, active: boolean) =>
  api.patch<Monitor>(`/api/alerts/monitors/${encodeURIComponent(key)}`, { active });
export const deleteMonitor = (key: string) => api.del<void>(`/api/alerts/monitors/${encodeURIComponent(key)}`);
export const listAlerts = (signal?: AbortSignal) => api.get<{ alerts: Alert[]; unread: number }>("/api/alerts", signal);
export const markAlertsRead = () => api.post<{ unread: number }>("/api/alerts/read");
export const checkMonitors = () => api.post<{ fired: Alert[] }>("/api/alerts/check");
