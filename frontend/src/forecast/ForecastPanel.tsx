import { useMutation } from "@tanstack/react-query";
import { Button, InputNumber, Space, Table, Typography } from "antd";
import { useState } from "react";
import { type Forecast, forecastJourney } from "../api/forecast";
import { ErrorAlert } from "../components/ErrorAlert";
import { ForecastFigures } from "./ForecastFigures";
import { interval } from "./format";

interface Props {
  journeyKey: string;
  forecast: Forecast | null;
  onForecast: (forecast: Forecast | null) => void;
  /** Saves the draft first, so the forecast runs what is on the canvas. */
  beforeRun?: () => Promise<unknown>;
}

/** The editor's forecast tab: run a forecast of the draft, show its totals and members per node
 *  (the canvas shows the same per node while it is on). */
export function ForecastPanel({ journeyKey, forecast, onForecast, beforeRun }: Props) {
  const [days, setDays] = useState(30);
  const run = useMutation({
    mutationFn: async () => {
      await beforeRun?.();
      return forecastJourney(journeyKey, { days });
    },
    onSuccess: onForecast,
  });
  const rows = forecast ? Object.entries(forecast.nodes).map(([id, n]) => ({ id, ...n })) : [];
  return (
    <div data-testid="forecast-panel">
      <Typography.Paragraph type="secondary">
        Runs the journey on the members of today, in a sandbox, over the horizon: nothing is written, granted or sent.
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <InputNumber aria-label="Forecast days" min={1} max={90} value={days} onChange={(v) => setDays(v ?? 30)} addonAfter="days" />
        <Button type="primary" loading={run.isPending} onClick={() => run.mutate()} data-testid="forecast-run">
          Forecast
        </Button>
        {forecast ? <Button onClick={() => onForecast(null)}>Hide</Button> : null}
      </Space>
      {run.error ? <ErrorAlert error={run.error} /> : null}
      {forecast ? (
        <>
          <ForecastFigures forecast={forecast} />
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: "Node", dataIndex: "label" },
              { title: "Members reaching it", render: (_, r) => interval(r.entered) },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
