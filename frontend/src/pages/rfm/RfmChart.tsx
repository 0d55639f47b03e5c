import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartRow } from "./insight";

const MEMBERS_COLOR = "#8c9bb5";
const REVENUE_COLOR = "#3b5bdb";

/** Share of members next to share of revenue, per segment. */
export function RfmChart({ rows }: { rows: ChartRow[] }) {
  return (
    <div className="rfm-chart" data-testid="rfm-chart">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 48, left: 0 }} barGap={2}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="segment" interval={0} angle={-30} textAnchor="end" tick={{ fontSize: 12 }} height={60} />
          <YAxis unit="%" tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(value) => `${value}%`} />
          <Legend verticalAlign="top" height={32} />
          <Bar dataKey="memberShare" name="Share of members" fill={MEMBERS_COLOR} radius={[3, 3, 0, 0]} />
          <Bar dataKey="revenueShare" name="Share of revenue" fill={REVENUE_COLOR} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
