import "./dashboard.css";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DatePicker, Skeleton, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useSearchParams } from "react-router";
import { type DashboardParams, getDashboard } from "../api/dashboard";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeader } from "../layout/PageHeader";
import { JourneysAndChannels, Segments } from "./Breakdowns";
import { SourceSplit } from "./SourceSplit";
import { DashboardCharts } from "./DashboardCharts";
import { MetricCards } from "./MetricCards";

const DAY = "YYYY-MM-DD";
const PRESETS = [7, 30, 90, 365].map((days) => ({
  label: `Last ${days} days`,
  value: [dayjs().subtract(days - 1, "day"), dayjs()] as [dayjs.Dayjs, dayjs.Dayjs],
}));

function PeriodPicker({ params, onChange }: { params: DashboardParams; onChange: (p: DashboardParams) => void }) {
  return (
    <Space size={6}>
      <Typography.Text type="secondary">Period</Typography.Text>
      <DatePicker.RangePicker
        aria-label="Dashboard period"
        data-testid="dashboard-period"
        allowEmpty={[true, true]}
        presets={PRESETS}
        disabledDate={(d) => d.isAfter(dayjs(), "day")}
        value={[params.from ? dayjs(params.from, DAY) : null, params.to ? dayjs(params.to, DAY) : null]}
        placeholder={["30 days back", "Today"]}
        onChange={(range) =>
          onChange({ from: range?.[0] ? range[0].format(DAY) : null, to: range?.[1] ? range[1].format(DAY) : null })
        }
      />
    </Space>
  );
}

/** The marketers' home: member health for a period against the previous one. */
export function DashboardPage() {
  const [search, setSearch] = useSearchParams();
  const params: DashboardParams = { from: search.get("from"), to: search.get("to") };
  const query = useQuery({
    queryKey: ["dashboard", params.from, params.to],
    queryFn: ({ signal }) => getDashboard(params, signal),
    placeholderData: keepPreviousData,
  });
  const onChange = (next: DashboardParams) => {
    const out = new URLSearchParams();
    if (next.from) out.set("from", next.from);
    if (next.to) out.set("to", next.to);
    setSearch(out);
  };
  const data = query.data;
  return (
    <div className="dashboard-page">
      <PageHeader
        title="Dashboard 概览"
        subtitle={
          data ? (
            <span data-testid="dashboard-period-text">
              {data.period.from} – {data.period.to} ({data.period.days} days, UTC) against {data.previous.from} –{" "}
              {data.previous.to}
            </span>
          ) : (
            "Member health against the previous period"
          )
        }
        extra={<PeriodPicker params={params} onChange={onChange} />}
      />
      {query.error ? <ErrorAlert error={query.error} /> : null}
      {!data ? (
        query.error ? null : <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Space direction="vertical" size={20} className="dashboard-body">
          <MetricCards dashboard={data} />
          <DashboardCharts daily={data.daily} />
          <SourceSplit sources={data.sources} />
          <Segments dashboard={data} />
          <JourneysAndChannels dashboard={data} />
        </Space>
      )}
    </div>
  );
}
