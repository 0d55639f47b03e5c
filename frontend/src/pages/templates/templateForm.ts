import { groupFieldErrors } from "../../components/forms/fieldErrors";
import type { MessageCategory, MessageChannel, MessageTemplate, MessageTemplateBody } from "../../api/messaging";

export const CHANNELS: MessageChannel[] = ["sms", "email", "push", "inapp", "webhook"];

export const CHANNEL_COLORS: Record<string, string> = {
  email: "blue",
  sms: "green",
  push: "purple",
  inapp: "cyan",
  webhook: "orange",
};

/** What the subject field is called on a channel, or null when the channel has none. */
export function subjectLabel(channel: MessageChannel | undefined): string | null {
  if (channel === "email") {
    return "Subject";
  }
  if (channel === "push" || channel === "inapp") {
    return "Title";
  }
  return null;
}

/** Personalisation a template may use, shown as clickable hints. */
export const PERSONALISATION: { label: string; snippet: string }[] = [
  { label: "Member name", snippet: "{{ member.name }}" },
  { label: "Tier", snippet: "{{ member.tier }}" },
  { label: "City", snippet: "{{ member.city }}" },
  { label: "Points balance", snippet: "{{ points.balance }}" },
  { label: "Coupon code", snippet: "{{ coupon.code }}" },
  { label: "Coupon value", snippet: "{{ coupon.value }}" },
  { label: "Coupon valid until", snippet: "{{ coupon.valid_until }}" },
  { label: "Tracked link", snippet: "{{ link('https://shop.example.com') }}" },
  { label: "Unsubscribe link", snippet: "{{ unsubscribe_url }}" },
];

export interface TemplateFormValues {
  key: string;
  name: string;
  channel: MessageChannel;
  category: MessageCategory;
  subject?: string;
  body: string;
}

export const NEW_MESSAGE_TEMPLATE: TemplateFormValues = {
  key: "",
  name: "",
  channel: "sms",
  category: "marketing",
  subject: "",
  body: "",
};

export function templateToForm(t: MessageTemplate): TemplateFormValues {
  return { key: t.key, name: t.name, channel: t.channel, category: t.category, subject: t.subject, body: t.body };
}

/** The API body; channels without a subject send an empty one. */
export function formToBody(v: TemplateFormValues): MessageTemplateBody {
  return {
    key: v.key.trim(),
    name: v.name.trim(),
    channel: v.channel,
    category: v.category,
    subject: subjectLabel(v.channel) ? (v.subject ?? "") : "",
    body: v.body,
  };
}

const FORM_FIELDS = ["key", "name", "channel", "category", "subject", "body"] as const;
type FormField = (typeof FORM_FIELDS)[number];

/** A server error's problems grouped by the form field they belong to; the rest apart. */
export function splitErrors(error: unknown): { fields: { name: FormField; errors: string[] }[]; other: string[] } {
  return groupFieldErrors(error, (field) => FORM_FIELDS.find((f) => f === field) ?? null);
}

/** The preview's context from the optional coupon code and points awarded. */
export function previewContext(couponCode?: string, awarded?: number | null): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  if (couponCode && couponCode.trim()) {
    context.coupon = { code: couponCode.trim().toUpperCase() };
  }
  if (awarded !== undefined && awarded !== null) {
    context.points = { awarded };
  }
  return context;
}
