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
import type { DashboardDay } from "../api/dashboard";
import { formatCurrency, formatNumber } from "../format/format";

const AMOUNT = "#1f4fd8";
const ORDERS = "#f08c00";
const PAYERS = "#2f9e44";
const NEW = "#8c9bb5";
const shortDay = (day: string) => day.slice(5);

/** Paid amount and orders per day; paying and new members per day. */
export function DashboardCharts({ daily }: { daily: DashboardDay[] }) {
  return (
    <Row gutter={[24, 16]} data-testid="dashboard-charts">
      <Col xs={24} lg={12}>
        <Typography.Text strong>Paid amount and orders per day</Typography.Text>
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={daily} margin={{ top: 12, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis yAxisId="amount" tick={{ fontSize: 12 }} width={72} tickFormatter={(v: number) => `¥${formatNumber(v)}`} />
            <YAxis yAxisId="orders" orientation="right" allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
            <Tooltip formatter={(value, name) => (name === "Paid amount" ? formatCurrency(Number(value)) : formatNumber(Number(value)))} />
            <Legend verticalAlign="top" height={28} />
            <Bar yAxisId="amount" dataKey="paid_amount" name="Paid amount" fill={AMOUNT} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
            <Line yAxisId="orders" dataKey="paid_orders" name="Paid orders" stroke={ORDERS} strokeWidth={2} dot={false} type="linear" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Text strong>Paying and new members per day</Typography.Text>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={daily} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
            <Tooltip formatter={(value) => formatNumber(Number(value))} />
            <Legend verticalAlign="top" height={28} />
            <Line dataKey="payers" name="Paying members" stroke={PAYERS} strokeWidth={2} dot={false} type="linear" isAnimationActive={false} />
            <Line dataKey="new_members" name="New members" stroke={NEW} strokeWidth={2} dot={false} type="linear" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Col>
    </Row>
  );
}
