/** A schedule as a marketer picks it: every day, week or month at a time; anything else is
 *  written as cron (the advanced option). */
export type Schedule =
  | { every: "day"; time: string }
  | { every: "week"; time: string; weekday: number }
  | { every: "month"; time: string; day: number };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The five-field cron of a picked schedule (weekday 0 = Sunday; days 1–28 so every month has one). */
export function scheduleToCron(schedule: Schedule): string {
  const match = TIME.exec(schedule.time) ?? TIME.exec("09:00")!;
  const minute = Number(match[2]);
  const hour = Number(match[1]);
  if (schedule.every === "week") return `${minute} ${hour} * * ${schedule.weekday}`;
  if (schedule.every === "month") return `${minute} ${hour} ${schedule.day} * *`;
  return `${minute} ${hour} * * *`;
}

const NUMBER = /^\d+$/;

/** The picked schedule a cron stands for, or null when only cron can say it (advanced). */
export function cronToSchedule(cron: string): Schedule | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5 || !parts.slice(0, 2).every((p) => NUMBER.test(p))) return null;
  const [minute, hour, day, month, weekday] = parts as [string, string, string, string, string];
  if (Number(minute) > 59 || Number(hour) > 23 || month !== "*") return null;
  const time = `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}`;
  if (day === "*" && weekday === "*") return { every: "day", time };
  if (day === "*" && NUMBER.test(weekday) && Number(weekday) <= 6) return { every: "week", time, weekday: Number(weekday) };
  if (weekday === "*" && NUMBER.test(day) && Number(day) >= 1 && Number(day) <= 28) return { every: "month", time, day: Number(day) };
  return null;
}
