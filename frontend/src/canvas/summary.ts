import { ruleSentence } from "./ruleSentence";

type Config = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

function duration(config: Config | undefined): string {
  if (!config) return "";
  const parts = [
    [config.days, "d"],
    [config.hours, "h"],
    [config.minutes, "min"],
  ]
    .filter(([n]) => typeof n === "number" && n > 0)
    .map(([n, unit]) => `${n as number}${unit as string}`);
  return parts.join(" ");
}

/** How each node type sums up its config in one short line on the canvas. */
const SUMMARIES: Record<string, (c: Config) => string> = {
  "entry.audience": (c) => `${str(c.audience)}${c.schedule === "recurring" ? ` · ${str(c.cron)}` : ""}`,
  "entry.event": (c) => str(c.custom_name) || str(c.event_type),
  "entry.alert": (c) => `alert ${str(c.monitor)}`,
  "entry.date": (c) => `${str(c.date_field)} ${Number(c.offset_days) ? `${c.offset_days as number}d ` : ""}at ${str(c.time_of_day)}`,
  "wait.duration": (c) => duration(c),
  "wait.event": (c) => `${str(c.event_type)} or ${duration(c.timeout as Config)}`,
  "wait.until": (c) => `until ${str(c.date) || str(c.time_of_day)}`,
  "split.condition": (c) => (c.audience ? `in audience ${str(c.audience)}` : ruleSentence(c.rules)),
  "split.random": (c) => `${Array.isArray(c.variants) ? c.variants.length : 0} variants`,
  "split.experiment": (c) => `${str(c.sample_percent)}% sample · ${str(c.metric)}`,
  "split.multi": (c) => `${Array.isArray(c.branches) ? c.branches.length : 0} branches + else`,
  "action.send": (c) => `${str(c.channel)} · ${str(c.template)}`,
  "action.coupon": (c) => str(c.coupon_template),
  "action.points": (c) => `${Number(c.points) > 0 ? "+" : ""}${str(c.points)} points`,
  "action.tier": (c) => `${c.only_upgrade === false ? "=" : "≥"} ${str(c.tier)}`,
  "action.tag": (c) => `${c.operation === "remove" ? "−" : "+"} ${str(c.tag)}`,
  "action.attribute": (c) => `${str(c.operation)} ${str(c.key)}`,
  "action.webhook": (c) => `${str(c.method)} ${str(c.url)}`,
  exit: (c) => str(c.reason),
};

/** One short line describing a node's config, e.g. "sms · welcome-sms". */
export function summarize(type: string, config: Config): string {
  const fn = SUMMARIES[type];
  return fn ? fn(config).trim() : "";
}
