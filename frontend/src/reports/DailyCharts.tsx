import { Col, Row, Typography } from "antd";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DailyFigures } from "../api/reports";
import { EmptyState } from "../components/EmptyState";
import { formatCurrency, formatNumber } from "../format/format";
import { fillDays } from "./figures";

const AMOUNT = "#1f4fd8";
const ORDERS = "#f08c00";
const ACTIVITY = { entered: "#8c9bb5", messages_sent: "#1f4fd8", coupons_issued: "#2f9e44", coupons_used: "#e8590c" };

// No entry animation: the figures are read, not watched, and a screenshot shows them whole.
const shortDay = (day: string) => day.slice(5);

/** The daily series: attributed paid amount and orders, and the journey's own activity. */
export function DailyCharts({ daily }: { daily: DailyFigures[] }) {
  const days = fillDays(daily);
  if (days.length === 0) {
    return <EmptyState title="Nothing happened in this period yet" description="Each day shows entries, messages, coupons and the attributed orders of that UTC day." />;
  }
  return (
    <Row gutter={[24, 16]} data-testid="daily-charts">
      <Col xs={24} lg={12}>
        <Typography.Text strong>Attributed orders per day</Typography.Text>
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={days} margin={{ top: 12, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tickFormatter={shortDay} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis yAxisId="amount" tick={{ fontSize: 12 }} width={64} tickFormatter={(v: number) => `¥${formatNumber(v)}`} />
            <YAxis yAxisId="orders" orientation="right" allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
            <Tooltip
              formatter={(value, name) => (name === "Paid amount" ? formatCurrency(Number(value)) : formatNumber(Number(value)))}
            />
            <Legend verticalAlign="top" height={28} />
            <Bar yAxisId="amount" dataKey="paid_amount" name="Paid amount" fill={AMOUNT} radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
            <Line yAxisId="orders" dataKey="paid_orders" name="Paid orders" stroke={ORDERS} strokeWidth={2} dot={{ r: 2 }} type="linear" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Text strong>Journey activity per day</Typography.Text>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={days} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tickFormatter={shortDay} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
            <Tooltip formatter={(value) => formatNumber(Number(value))} />
            <Legend verticalAlign="top" height={28} />
            <Line dataKey="entered" name="Entered" stroke={ACTIVITY.entered} strokeWidth={2} dot={{ r: 2 }} type="linear" isAnimationActive={false} />
            <Line dataKey="messages_sent" name="Messages sent" stroke={ACTIVITY.messages_sent} strokeWidth={2} dot={{ r: 2 }} type="linear" isAnimationActive={false} />
            <Line dataKey="coupons_issued" name="Coupons issued" stroke={ACTIVITY.coupons_issued} strokeWidth={2} dot={{ r: 2 }} type="linear" isAnimationActive={false} />
            <Line dataKey="coupons_used" name="Coupons used" stroke={ACTIVITY.coupons_used} strokeWidth={2} dot={{ r: 2 }} type="linear" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Col>
    </Row>
  );
}
