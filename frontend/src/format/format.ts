import dayjs from "dayjs";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const yuan = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const EMPTY = "—";

function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") {
    return null;
  }
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** 1234567 → "1,234,567". */
export function formatNumber(value: string | number | null | undefined): string {
  const n = toNumber(value);
  return n === null ? EMPTY : integer.format(n);
}

/** Money in yuan: "1234.5" → "¥1,234.50", negative amounts as "-¥12.00". */
export function formatCurrency(value: string | number | null | undefined): string {
  const n = toNumber(value);
  if (n === null) {
    return EMPTY;
  }
  const text = `¥${yuan.format(Math.abs(n))}`;
  return n < 0 ? `-${text}` : text;
}

/** An ISO timestamp shown in the browser's local time, to the minute. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return EMPTY;
  }
  const d = dayjs(value);
  return d.isValid() ? d.format("YYYY-MM-DD HH:mm") : EMPTY;
}

/** An ISO date or timestamp shown as a local calendar date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return EMPTY;
  }
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value, "YYYY-MM-DD") : dayjs(value);
  return d.isValid() ? d.format("YYYY-MM-DD") : EMPTY;
}

/** "at_risk" or "high-value" → "At risk" / "High value". */
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return EMPTY;
  }
  const words = value.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const CHANNEL_LABELS: Record<string, string> = {
  pos: "POS",
  sms: "SMS",
  inapp: "In-app inbox",
  mini_program: "Mini program",
};

/** A channel code as people write it: "pos" → "POS", "sms" → "SMS". */
export function channelLabel(value: string | null | undefined): string {
  if (!value) {
    return EMPTY;
  }
  return CHANNEL_LABELS[value] ?? humanize(value);
}
