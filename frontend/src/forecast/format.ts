import type { Interval } from "../api/forecast";

const plain = (n: number, digits: number) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "1,234 (1,100–1,380)"; one number when the draws agree. */
export function interval(figure: Interval | null | undefined, digits = 0): string {
  if (!figure) return "—";
  const value = plain(figure.value, digits);
  if (figure.low === figure.high && figure.low === figure.value) return value;
  return `${value} (${plain(figure.low, digits)}–${plain(figure.high, digits)})`;
}
