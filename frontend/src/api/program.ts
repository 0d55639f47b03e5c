import { api, queryString, request } from "./client";
import type { GroupFigures, Lift } from "./reports";

/** The share of members no journey acts on (`/api/program/control-group`). */
export interface ControlGroup {
  /** 0 to 50; 0 means there is no control group. */
  percent: number;
}

export function getControlGroup(signal?: AbortSignal): Promise<ControlGroup> {
  return api.get<ControlGroup>("/api/program/control-group", signal);
}

/** Admins only; members in the group are held out of every journey from now on. */
export function setControlGroup(body: ControlGroup): Promise<ControlGroup> {
  return request<ControlGroup>("/api/program/control-group", { method: "PUT", body });
}

export interface IncrementalAmount {
  amount: number;
  ci95: [number | null, number | null];
}

/** `GET /api/reports/program`: every journey together against the control group. The
 * comparison is null when no member entered a journey in the period. */
export interface ProgramReport {
  control_group_percent: number;
  from: string | null;
  to: string;
  treatment: GroupFigures | null;
  control: GroupFigures | null;
  conversion_lift?: Lift | null;
  paid_per_member_lift?: Lift | null;
  incremental_paid_amount: IncrementalAmount | null;
  credited_orders?: number;
}

/** The report's period, UTC dates (YYYY-MM-DD); open at either end. */
export interface ProgramParams {
  from?: string | null;
  to?: string | null;
}

export function getProgramReport(params: ProgramParams, signal?: AbortSignal): Promise<ProgramReport> {
  return api.get<ProgramReport>(`/api/reports/program${queryString({ ...params })}`, signal);
}
