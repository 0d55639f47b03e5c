const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

interface Field {
  min: number;
  max: number;
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
];

function validPart(part: string, field: Field): boolean {
  const [range = "", step] = part.split("/");
  if (step !== undefined && !/^\d+$/.test(step)) return false;
  if (range === "*") return true;
  const bounds = range.split("-");
  if (bounds.length > 2 || !bounds.every((b) => /^\d+$/.test(b))) return false;
  return bounds.every((b) => Number(b) >= field.min && Number(b) <= field.max);
}

function listOf(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function describePart(expr: string, name: (n: number) => string): string {
  return listOf(
    expr.split(",").map((part) => {
      const [range = "", step] = part.split("/");
      const stepText = step ? `every ${step}${range === "*" ? "" : ` from ${range}`}` : "";
      if (range === "*") return stepText;
      const [a = 0, b] = range.split("-").map(Number);
      const text = b === undefined ? name(a) : `${name(a)} through ${name(b)}`;
      return step ? `${stepText} (${text})` : text;
    }),
  );
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A five-field cron expression in words, e.g. "0 9 * * 1" → "At 09:00, on Monday"; null when it is not valid. */
export function describeCron(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  if (!parts.every((part, i) => part.split(",").every((p) => validPart(p, FIELDS[i]!)))) return null;
  const [minute = "", hour = "", day = "", month = "", weekday = ""] = parts;
  let time: string;
  if (/^\d+$/.test(minute) && /^\d+$/.test(hour)) time = `At ${pad(Number(hour))}:${pad(Number(minute))}`;
  else if (minute === "*" && hour === "*") time = "Every minute";
  else {
    const m = minute === "*" ? "every minute" : `minute ${describePart(minute, String)}`;
    const h = hour === "*" ? "of every hour" : `past hour ${describePart(hour, String)}`;
    time = `At ${m} ${h}`;
  }
  const pieces = [time];
  if (day !== "*") pieces.push(`on day ${describePart(day, String)} of the month`);
  if (month !== "*") pieces.push(`in ${describePart(month, (n) => MONTHS[n - 1] ?? String(n))}`);
  if (weekday !== "*") pieces.push(`on ${describePart(weekday, (n) => WEEKDAYS[n % 7] ?? String(n))}`);
  if (day === "*" && weekday === "*") pieces.push("every day");
  return pieces.join(", ");
}
