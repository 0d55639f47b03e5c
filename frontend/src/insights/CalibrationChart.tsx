import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Calibration } from "../api/insights";

const ACTUAL = "#8c9bb5";
const PREDICTED = "#1f4fd8";

/**
 * Mean repeat purchases per member in the holdout, actual against predicted, by the number of
 * repeat purchases before the cut-off (the BG/NBD paper's conditional expectation figure).
 */
export function CalibrationChart({ calibration }: { calibration: Calibration }) {
  const rows = calibration.buckets.map((b) => ({
    frequency: b.frequency,
    actual: Number(b.actual.toFixed(3)),
    predicted: Number(b.predicted.toFixed(3)),
    members: b.members,
  }));
  return (
    <div data-testid="calibration-chart">
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 0 }} barGap={2}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="frequency"
            tick={{ fontSize: 12 }}
            label={{ value: "Repeat purchases before the cut-off", position: "insideBottom", offset: -12, fontSize: 12 }}
          />
          <YAxis tick={{ fontSize: 12 }} width={48} />
          <Tooltip />
          <Legend verticalAlign="top" height={32} />
          <Bar dataKey="actual" name="Actual (holdout)" fill={ACTUAL} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="predicted" name="Predicted (BG/NBD)" fill={PREDICTED} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
