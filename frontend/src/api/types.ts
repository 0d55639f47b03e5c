import type { MemberPredictions } from "./insights";

export type Role = "admin" | "marketer" | "viewer";

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface User extends SessionUser {
  active: boolean;
  last_login_at: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  revoked: boolean;
}

export interface MemberSummary {
  id: number;
  external_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  tier: string;
  city: string | null;
  points_balance: number;
  registered_at: string;
  last_order_at: string | null;
  orders_count: number;
  total_spent: string | number;
  rfm_segment: string | null;
}

export interface MemberPage {
  members: MemberSummary[];
  next_cursor: string | null;
  prev_cursor: string | null;
  total: number | null;
}

export type Channel = "email" | "sms" | "push";

export interface MemberDetail extends MemberSummary {
  gender: string;
  birthday: string | null;
  timezone: string;
  attributes: Record<string, unknown>;
  consent: Record<Channel, boolean>;
  unsubscribed: Partial<Record<Channel, string | null>>;
  first_order_at: string | null;
  rfm: { r: number | null; f: number | null; m: number | null; segment: string | null; updated_at: string | null } | null;
}

export interface OrderItem {
  sku: string | null;
  product: string | null;
  category: string | null;
  quantity: number;
  unit_price: string | number;
}

export interface MemberOrder {
  external_id: string;
  amount: string | number;
  discount: string | number;
  paid_at: string;
  channel: string;
  store: string | null;
  coupon_code: string | null;
  items: OrderItem[];
}

export interface MemberEvent {
  type: string;
  name: string | null;
  occurred_at: string;
  properties: Record<string, unknown>;
}

export interface MemberProfile {
  member: MemberDetail;
  tags: { tag: string; source: string }[];
  predictions: MemberPredictions;
  orders: MemberOrder[];
  events: MemberEvent[];
}

export interface JourneySummary {
  key: string;
  name: string;
  status: string;
  version: number | null;
  owner: string | null;
  updated_at: string;
}

export interface Violation {
  code: string;
  severity: "error" | "warning" | string;
  /** Errors, and warnings about this environment (an unconfigured channel). */
  blocks_publishing?: boolean;
  node_id: string | null;
  edge_id: string | null;
  message: string;
}

export interface JourneyDetail {
  journey: {
    key: string;
    name: string;
    description: string;
    status: string;
    owner: string | null;
    updated_at: string;
  };
  versions: { number: number; status: string; checksum: string; revision: string; created_at: string; published_at: string | null }[];
  violations: Violation[];
}

export interface Audience {
  key: string;
  name: string;
  description: string;
  last_size: number | null;
  updated_at: string;
}

export interface CouponTemplate {
  key: string;
  name: string;
  kind: string;
  terms?: Record<string, unknown>;
  validity?: Record<string, unknown>;
  stock_total?: number | null;
  per_member_limit?: number;
  channels?: string[];
  updated_at?: string;
}

export interface MessageTemplate {
  key: string;
  name: string;
  channel: string;
  subject?: string;
  updated_at?: string;
}
