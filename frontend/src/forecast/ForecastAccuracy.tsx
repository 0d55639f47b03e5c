import { useQuery } from "@tanstack/react-query";
import { Card, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type AccuracyStatus, type ForecastAccuracy as Accuracy, type ForecastAccuracyNode, getForecastAccuracy } from "../api/forecast";
import { interval } from "./format";

const STATUS: Record<AccuracyStatus, { color: string; text: string }> = {
  inside: { color: "green", text: "inside" },
  above: { color: "orange", text: "outside: above" },
  below: { color: "orange", text: "outside: below" },
  too_early: { color: "default", text: "too early to judge" },
};

const when = (iso: string) => new Date(iso).toLocaleString();

function columns(accuracy: Accuracy): ColumnsType<ForecastAccuracyNode> {
  const name: ColumnsType<ForecastAccuracyNode>[number] = {
    title: "Node",
    dataIndex: "label",
    render: (label: string, row) => (
      <>
        <Typography.Text strong>{label}</Typography.Text>
        {row.type ? <div className="muted mono">{row.type}</div> : null}
      </>
    ),
  };
  const status: ColumnsType<ForecastAccuracyNode>[number] = {
    title: "",
    dataIndex: "status",
    render: (s: AccuracyStatus) => (
      <Tag color={STATUS[s].color} data-testid="forecast-accuracy-status">
        {STATUS[s].text}
      </Tag>
    ),
  };
  const total = { title: `Forecast over ${accuracy.days} days`, render: (_: unknown, r: ForecastAccuracyNode) => interval(r.forecast_total) };
  const count = (n: number) => n.toLocaleString("en-US");
  if (accuracy.day === 0) {
    return [
      name,
      { title: "Forecast by day 1", render: (_, r) => interval(r.forecast_first_day) },
      { title: "Arrived so far", dataIndex: "actual", render: count },
      total,
      status,
    ];
  }
  return [
    name,
    { title: `Forecast by day ${accuracy.day}`, render: (_, r) => interval(r.forecast) },
    { title: `Arrived by day ${accuracy.day}`, dataIndex: "actual", render: count },
    total,
    status,
  ];
}

function Summary({ accuracy }: { accuracy: Accuracy }) {
  const made = `Forecast of version ${accuracy.version} made ${when(accuracy.made_at)} over ${accuracy.days} days`;
  if (accuracy.day === 0) {
    return (
      <Typography.Paragraph type="secondary">
        {made}.{" "}
        <Typography.Text strong data-testid="forecast-accuracy-share">
          Too early to judge
        </Typography.Text>
        : forecast and arrivals are compared by whole days since publishing, the first at {when(accuracy.first_day_ends)}.
      </Typography.Paragraph>
    );
  }
  const early = accuracy.too_early ? `; ${accuracy.too_early} too early to judge (the forecast expects nobody there yet)` : "";
  return (
    <Typography.Paragraph type="secondary">
      {made}, compared by the end of day {accuracy.day} since publishing ({when(accuracy.compared_at)}):{" "}
      <Typography.Text strong data-testid="forecast-accuracy-share">
        {accuracy.inside} of {accuracy.nodes_compared} nodes
      </Typography.Text>{" "}
      inside its 90% interval{early}.
    </Typography.Paragraph>
  );
}

/** The report's block: the forecast kept at publishing against the members who arrived at each
 *  node, both by the end of the same day since publishing, and how many nodes fell inside its 90%
 *  interval. Nothing shows without a kept forecast. */
export function ForecastAccuracy({ journeyKey }: { journeyKey: string }) {
  const answer = useQuery({ queryKey: ["forecast-accuracy", journeyKey], queryFn: () => getForecastAccuracy(journeyKey) });
  const accuracy = answer.data?.accuracy;
  if (!accuracy) return null;
  return (
    <Card title="Forecast against actual" size="small" data-testid="forecast-accuracy">
      <Summary accuracy={accuracy} />
      <Table<ForecastAccuracyNode> size="small" rowKey="node_id" pagination={false} dataSource={accuracy.nodes} columns={columns(accuracy)} />
    </Card>
  );
}
