import "./alerts.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import {
  type Alert,
  type Monitor,
  checkMonitors,
  deleteMonitor,
  listAlerts,
  listMonitors,
  markAlertsRead,
  setMonitorActive,
} from "../api/alerts";
import { useSession } from "../auth/useSession";
import { ErrorAlert } from "../components/ErrorAlert";
import { formatDateTime, formatNumber } from "../format/format";
import { PageHeader } from "../layout/PageHeader";
import { METRIC_CARDS } from "../dashboard/figures";
import { COMPARISONS, MonitorForm } from "./MonitorForm";

const metricTitle = (name: string) => METRIC_CARDS.find((c) => c.name === name)?.title ?? name;
const WORDS: Record<string, string> = { falls_by: "falls by", rises_by: "rises by", below: "is below", above: "is above" };
const comparisonLabel = (c: string) => WORDS[c] ?? COMPARISONS.find((x) => x.value === c)?.label ?? c;

function Entered({ alert }: { alert: Alert }) {
  const entered = Object.entries(alert.outcome.entered ?? {});
  if (entered.length === 0) {
    return <Typography.Text type="secondary">no journey</Typography.Text>;
  }
  return (
    <Space size={4} wrap>
      {entered.map(([key, n]) => (
        <Tag key={key} color="blue">
          <Link to={`/journeys/${key}`}>{key}</Link>: {formatNumber(n)} entered
        </Tag>
      ))}
    </Space>
  );
}

/** Fired alerts (unread first marked) and the monitors that raise them. */
export function AlertsPage() {
  const { user } = useSession();
  const isAdmin = user?.role === "admin";
  const client = useQueryClient();
  const alerts = useQuery({ queryKey: ["alerts"], queryFn: ({ signal }) => listAlerts(signal) });
  const monitors = useQuery({ queryKey: ["monitors"], queryFn: ({ signal }) => listMonitors(signal) });
  const refresh = () => {
    client.invalidateQueries({ queryKey: ["alerts"] });
    client.invalidateQueries({ queryKey: ["monitors"] });
  };
  const read = useMutation({ mutationFn: markAlertsRead, onSuccess: refresh });
  const check = useMutation({ mutationFn: checkMonitors, onSuccess: refresh });
  const toggle = useMutation({ mutationFn: (m: Monitor) => setMonitorActive(m.key, !m.active), onSuccess: refresh });
  const remove = useMutation({ mutationFn: deleteMonitor, onSuccess: refresh });
  const unread = alerts.data?.unread ?? 0;
  return (
    <div>
      <PageHeader
        title="Alerts 预警"
        subtitle="KPI monitors on dashboard metrics, checked daily, and code pools running low; a KPI alert can start an entry.alert journey"
        extra={
          isAdmin ? (
            <Button onClick={() => check.mutate()} loading={check.isPending}>
              Check now
            </Button>
          ) : null
        }
      />
      {[alerts.error, monitors.error, check.error].map((e, i) => (e ? <ErrorAlert key={i} error={e} /> : null))}
      <Space direction="vertical" size={20} style={{ width: "100%" }}>
        <Card
          title={
            <Space>
              Fired alerts <Badge count={unread} />
            </Space>
          }
          extra={
            <Button size="small" disabled={!unread} onClick={() => read.mutate()} loading={read.isPending}>
              Mark all read
            </Button>
          }
          data-testid="fired-alerts"
        >
          <Table<Alert>
            size="small"
            rowKey="id"
            loading={alerts.isLoading}
            dataSource={alerts.data?.alerts ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: "No monitor has fired and no code pool ran low yet" }}
            rowClassName={(a) => (a.read ? "" : "alert-unread")}
            columns={[
              { title: "Fired", dataIndex: "fired_at", width: 150, render: (v: string) => formatDateTime(v) },
              {
                title: "Alert",
                dataIndex: "message",
                render: (m: string, a) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong={!a.read}>{m}</Typography.Text>
                    <Typography.Text type="secondary">
                      {a.kind === "code_pool" ? `code pool ${a.pool ?? ""}, low stock` : `period ending ${a.period_end}`}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: "Members concerned", dataIndex: "members", align: "right", render: (n: number) => formatNumber(n) },
              { title: "Journeys", key: "entered", render: (_: unknown, a) => <Entered alert={a} /> },
              {
                title: "Email",
                key: "emails",
                render: (_: unknown, a) =>
                  a.outcome.emails?.sent ? `${a.outcome.emails.sent} admin(s)` : (a.outcome.emails?.reason ?? "—"),
              },
            ]}
          />
        </Card>
        <Card title="Monitors" data-testid="monitors">
          {isAdmin ? <MonitorForm onDone={refresh} /> : null}
          <Table<Monitor>
            size="small"
            rowKey="key"
            loading={monitors.isLoading}
            dataSource={monitors.data?.monitors ?? []}
            pagination={false}
            locale={{ emptyText: "No monitor yet" }}
            columns={[
              { title: "Name", dataIndex: "name", render: (n: string, m) => <Space direction="vertical" size={0}>{n}<Typography.Text type="secondary" code>{m.key}</Typography.Text></Space> },
              {
                title: "Fires when",
                key: "rule",
                render: (_: unknown, m) =>
                  `${metricTitle(m.metric)} ${comparisonLabel(m.comparison)} ${formatNumber(m.threshold)}${m.comparison.endsWith("_by") ? "%" : ""} over ${m.period_days} days`,
              },
              {
                title: "Active",
                dataIndex: "active",
                render: (active: boolean, m) => <Switch size="small" checked={active} disabled={!isAdmin} onChange={() => toggle.mutate(m)} />,
              },
              {
                title: "",
                key: "remove",
                render: (_: unknown, m) =>
                  isAdmin ? (
                    <Popconfirm title="Remove this monitor and its alerts?" onConfirm={() => remove.mutate(m.key)}>
                      <Button size="small" danger type="link">
                        Remove
                      </Button>
                    </Popconfirm>
                  ) : null,
              },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
