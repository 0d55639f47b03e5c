import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Bin } from "../api/insights";
import { formatNumber } from "../format/format";
import { binLabel } from "./risk";

interface Props {
  bins: Bin[];
  /** The last bin holds every value above its lower edge. */
  openTop?: boolean;
  unit?: string;
  color?: string;
  testId: string;
}

/** Members per bin of one predicted score. */
export function Histogram({ bins, openTop = false, unit = "", color = "#1f4fd8", testId }: Props) {
  const rows = bins.map((b, i) => ({
    label: binLabel(b.low, b.high, i === bins.length - 1, openTop, unit),
    members: b.members,
  }));
  return (
    <div data-testid={testId}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 40, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" angle={-30} textAnchor="end" tick={{ fontSize: 11 }} height={50} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(value) => [formatNumber(Number(value)), "Members"]} />
          <Bar dataKey="members" name="Members" fill={color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
