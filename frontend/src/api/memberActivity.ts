import { api } from "./client";

export interface MemberCoupon {
  code: string;
  template: string;
  template_name: string;
  status: string;
  source: string;
  granted_at: string | null;
  valid_until: string | null;
  redeemed_at: string | null;
  order_ref: string | null;
  discount: string | null;
}

export interface PathStep {
  node_id: string;
  label: string;
  outcome: string;
  branch: string | null;
  at: string | null;
  coupon_code: string | null;
}

export interface MemberJourney {
  journey: string;
  journey_name: string;
  version: number;
  status: string;
  entered_at: string | null;
  finished_at: string | null;
  at_node: string;
  at_label: string;
  path: PathStep[];
}

export interface MemberMessage {
  channel: string;
  template: string;
  subject: string | null;
  status: string;
  reason: string;
  journey: string | null;
  node_id: string | null;
  created_at: string | null;
  sent_at: string | null;
}

export interface PointsLine {
  kind: string;
  points: number;
  source: string;
  note: string;
  created_at: string | null;
  expires_at: string | null;
}

export interface MemberActivity {
  member: { id: number; external_id: string };
  coupons: MemberCoupon[];
  journeys: MemberJourney[];
  messages: MemberMessage[];
  points: PointsLine[];
}

export const getMemberActivity = (id: string, signal?: AbortSignal) =>
  api.get<MemberActivity>(`/api/members/${encodeURIComponent(id)}/activity`, signal);
