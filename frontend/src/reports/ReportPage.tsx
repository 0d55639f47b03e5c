import "./reports.css";
import { ArrowLeftOutlined, EditOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Row, Skeleton, Space, Tag } from "antd";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { getJourneyReport, journeyReportCsvHref, type ReportParams } from "../api/reports";
import { queryString } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { StatusTag } from "../components/StatusTag";
import { PageHeader } from "../layout/PageHeader";
import { ArmsTable } from "./ArmsTable";
import { ChannelTable } from "./ChannelTable";
import { CouponTable } from "./CouponTable";
import { DailyCharts } from "./DailyCharts";
import { ExperimentsSection } from "./ExperimentsSection";
import { hasAttributedOrders, noOrdersSentence, paramsFromSearch } from "./figures";
import { HoldoutComparison } from "./HoldoutComparison";
import { MemberCards } from "./MemberCards";
import { NodeFunnel } from "./NodeFunnel";
import { ReportFilters } from "./ReportFilters";
import { SourceTable } from "./SourceTable";
import { useRefetchOnChange } from "./useRefetchOnChange";
import { useJourneyLive } from "../live/useJourneyLive";
import { ForecastAccuracy } from "../forecast/ForecastAccuracy";

const RUNNING = new Set(["published", "paused"]);

/** One journey's effect report: what it earned, per node, arm, holdout, day, coupon and channel. */
export function ReportPage() {
  const { key = "" } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const params = paramsFromSearch(search);
  const query = useQuery({
    queryKey: ["journey-report", key, params],
    queryFn: ({ signal }) => getJourneyReport(key, params, signal),
    placeholderData: keepPreviousData,
  });
  const report = query.data;
  // While an experiment of a running journey is still testing, the live counters say when
  // members stepped: read the report again then.
  const watching = Boolean(report && RUNNING.has(report.journey.status) && report.experiments.some((e) => e.status !== "decided"));
  const live = useJourneyLive(watching ? key : "");
  useRefetchOnChange(live.counters, () => void query.refetch({ cancelRefetch: false }));
  const setParams = (next: ReportParams) => setSearch(queryString({ ...next }).slice(1), { replace: true });
  const journeyPath = `/journeys/${encodeURIComponent(key)}`;

  const header = (
    <PageHeader
      title={
        <Space size={10} align="center" wrap>
          <span>{report ? report.journey.name : key}</span>
          {report ? <StatusTag status={report.journey.status} /> : null}
          <Tag className="mono">{key}</Tag>
        </Space>
      }
      subtitle="The journey's effect: orders credited to it within its attribution window (docs/attribution.md)."
      extra={
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate("/reports")}>
            All reports
          </Button>
          <Button icon={<ThunderboltOutlined />} onClick={() => navigate(`${journeyPath}/live`)}>
            Live view
          </Button>
          <Button icon={<EditOutlined />} onClick={() => navigate(journeyPath)}>
            Open in editor
          </Button>
        </Space>
      }
    />
  );
  const filters = (
    <ReportFilters
      params={params}
      windowDays={report?.journey.window_days}
      csvHref={journeyReportCsvHref(key, params)}
      onChange={setParams}
    />
  );

  if (query.error) {
    return (
      <>
        {header}
        {filters}
        <ErrorAlert error={query.error} />
      </>
    );
  }
  if (!report) {
    return (
      <>
        {header}
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </>
    );
  }
  const windowDays = report.journey.window_days;
  return (
    <div className="report-page" data-testid="journey-report" aria-busy={query.isFetching}>
      {header}
      {filters}
      {hasAttributedOrders(report.member) ? null : (
        <Alert
          className="report-banner"
          type="info"
          showIcon
          data-testid="no-orders"
          message={noOrdersSentence(windowDays, params)}
          description="Orders count once a member the journey touched (a message, a coupon, points) pays within the window after the touch. Coupons and messages below are counted all the same."
        />
      )}
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <MemberCards member={report.member} returnOnSpend={report.channels.return_on_spend} />
        <Card title="Members by registration source" size="small" data-testid="report-by-source">
          <SourceTable journeyKey={key} params={params} />
        </Card>
        <Card title="Per day" size="small">
          <DailyCharts daily={report.daily} />
        </Card>
        <Card title="Funnel over the nodes" size="small" styles={{ body: { padding: 0 } }}>
          <NodeFunnel nodes={report.nodes} />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={13}>
            <Card title="Split arms" size="small" className="report-fill">
              <ArmsTable arms={report.arms} nodes={report.nodes} windowDays={windowDays} />
            </Card>
          </Col>
          <Col xs={24} xl={11}>
            <Card title="Treatment against holdout" size="small" className="report-fill">
              <HoldoutComparison holdout={report.holdout} nodes={report.nodes} />
            </Card>
          </Col>
        </Row>
        <Card title="Experiments" size="small" data-testid="experiments-card">
          <ExperimentsSection experiments={report.experiments} />
        </Card>
        <Card title="Coupons by member type" size="small">
          <CouponTable coupons={report.coupons} />
        </Card>
        <Card title="Channels" size="small">
          <ChannelTable channels={report.channels} />
        </Card>
        <ForecastAccuracy journeyKey={key} />
      </Space>
    </div>
  );
}
