import { api, queryString, request } from "./client";

export type MessageChannel = "email" | "sms" | "push" | "inapp" | "webhook";
export type MessageCategory = "marketing" | "transactional";

export interface MessageTemplateBody {
  key: string;
  name: string;
  channel: MessageChannel;
  category: MessageCategory;
  subject: string;
  body: string;
}

export interface MessageTemplate extends MessageTemplateBody {
  updated_at: string | null;
}

export interface PreviewRequest {
  channel: MessageChannel;
  category: MessageCategory;
  subject: string;
  body: string;
  member_id?: number;
  context?: Record<string, unknown>;
}

export interface Preview {
  channel: MessageChannel;
  subject: string;
  body: string;
}

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  writeOnly?: boolean;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean;
};

export interface ChannelSettings {
  channel: MessageChannel;
  provider: string;
  title: string;
  enabled: boolean;
  usable: boolean;
  config: Record<string, unknown>;
  config_schema: JsonSchema;
  rules: Record<string, unknown>;
  default_rules: Record<string, unknown>;
  rules_schema: JsonSchema;
  /** Only for admins: it holds the channel's callback secret. */
  callback_url?: string;
}

export interface ChannelBody {
  enabled: boolean;
  config: Record<string, unknown>;
  rules: Record<string, unknown>;
}

export interface OutboxMessage {
  id: number;
  idempotency_key: string;
  member_id: number;
  /** The member as the shop knows them (M0000005). */
  member_external_id?: string | null;
  channel: MessageChannel;
  template_key: string | null;
  category: MessageCategory;
  status: string;
  reason: string | null;
  attempts: number;
  next_attempt_at: string | null;
  subject: string | null;
  body: string | null;
  cost: string | null;
  created_at: string | null;
  sent_at: string | null;
}

export interface DeliveryEvent {
  status: string;
  reason: string | null;
  at: string;
  detail: unknown;
}

export interface MessageQuery {
  channel?: string;
  status?: string;
  member_id?: number;
  /** A member's external id (M0000005). */
  member?: string;
  after?: number | null;
  limit?: number;
}

export interface DeliverySummary {
  channels: Record<string, { statuses: Record<string, number>; cost: string }>;
}

export const listMessageTemplates = (signal?: AbortSignal) =>
  api.get<{ templates: MessageTemplate[]; channels: MessageChannel[] }>("/api/message-templates", signal);

export const createMessageTemplate = (body: MessageTemplateBody) =>
  api.post<{ template: MessageTemplate }>("/api/message-templates", body);

export const updateMessageTemplate = (body: MessageTemplateBody) =>
  request<{ template: MessageTemplate }>(`/api/message-templates/${encodeURIComponent(body.key)}`, {
    method: "PUT",
    body,
  });

export const previewDraft = (body: PreviewRequest) => api.post<Preview>("/api/message-templates/preview", body);

export const listChannels = (signal?: AbortSignal) =>
  api.get<{ channels: ChannelSettings[] }>("/api/channels", signal);

export const saveChannel = (channel: string, body: ChannelBody) =>
  request<{ channel: ChannelSettings }>(`/api/channels/${encodeURIComponent(channel)}`, { method: "PUT", body });

export const rotateCallbackSecret = (channel: string) =>
  request<{ channel: string; callback_url: string }>(`/api/channels/${encodeURIComponent(channel)}/callback-secret`, { method: "POST" });

export const listMessages = (query: MessageQuery, signal?: AbortSignal) =>
  api.get<{ messages: OutboxMessage[]; next_after: number | null }>(
    `/api/messages${queryString({
      channel: query.channel,
      status: query.status,
      member_id: query.member_id,
      member: query.member,
      after: query.after,
      limit: query.limit,
    })}`,
    signal,
  );

export const getMessage = (id: number, signal?: AbortSignal) =>
  api.get<{ message: OutboxMessage; events: DeliveryEvent[] }>(`/api/messages/${id}`, signal);

export const getDeliverySummary = (signal?: AbortSignal) =>
  api.get<DeliverySummary>("/api/messages/summary", signal);
