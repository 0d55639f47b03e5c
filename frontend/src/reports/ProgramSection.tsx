import "./reports.css";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, Col, DatePicker, Row, Skeleton, Space, Typography } from "antd";
import dayjs from "dayjs";
import { Link } from "react-router";
import { getProgramReport, type ProgramParams, type ProgramReport } from "../api/program";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { formatNumber } from "../format/format";
import { formatInterval, formatPoints, formatSignedCurrency, liftVerdict } from "./figures";
import { LiftRow, Sides, VerdictTag } from "./HoldoutComparison";
import { formatShare, incrementalNote, programState } from "./program";

const DAY = "YYYY-MM-DD";
const AGAINST = "the control group";

function PeriodPicker({ params, onChange }: { params: ProgramParams; onChange: (params: ProgramParams) => void }) {
  return (
    <Space size={6}>
      <Typography.Text type="secondary">Period</Typography.Text>
      <DatePicker.RangePicker
        aria-label="Program period"
        data-testid="program-period"
        allowEmpty={[true, true]}
        value={[params.from ? dayjs(params.from, DAY) : null, params.to ? dayjs(params.to, DAY) : null]}
        placeholder={["First entry", "Today"]}
        onChange={(range) =>
          onChange({
            from: range?.[0] ? range[0].format(DAY) : null,
            to: range?.[1] ? range[1].format(DAY) : null,
          })
        }
      />
    </Space>
  );
}

function Incremental({ report }: { report: ProgramReport }) {
  const incremental = report.incremental_paid_amount;
  const verdict = liftVerdict(incremental ? { absolute: incremental.amount, absolute_ci95: incremental.ci95, relative: null } : null);
  return (
    <div className="program-incremental" data-testid="program-incremental">
      <div className="lift-head">
        <Typography.Text strong>Incremental paid amount</Typography.Text>
        <VerdictTag verdict={verdict} against={AGAINST} />
      </div>
      <div className="program-amount" data-testid="program-incremental-amount">
        {formatSignedCurrency(incremental?.amount ?? null)}
      </div>
      <div className="muted" data-testid="program-incremental-ci">
        95% CI {formatInterval(incremental?.ci95, formatSignedCurrency)}
      </div>
      <div className="muted">{incrementalNote(report)}</div>
    </div>
  );
}

function Comparison({ report }: { report: ProgramReport }) {
  const state = programState(report);
  if (state === "no-control-group") {
    return (
      <EmptyState
        title="No control group: set one in Settings to measure what the program adds"
        description={
          <>
            A global control group keeps a small share of members out of every journey; what they buy against
            what everyone else buys is what the journeys add. <Link to="/settings">Open Settings</Link>
          </>
        }
      />
    );
  }
  if (state === "no-entrants") {
    return (
      <EmptyState
        title="No member entered a journey in this period"
        description="Pick a longer period, or wait for journeys to reach members: the comparison counts members from their first entry in the period."
      />
    );
  }
  if (state === "no-control-members") {
    return (
      <EmptyState
        title="No member of the control group entered a journey in this period"
        description={`The control group holds ${formatShare(report.control_group_percent)} of members out from the moment it is set; members who entered before then were all acted on.`}
      />
    );
  }
  const { treatment, control } = report;
  if (!treatment || !control) return null;
  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={12}>
        <div data-testid="program-sides">
          <Sides treatment={treatment} holdout={control} holdoutTitle="Control group" />
        </div>
      </Col>
      <Col xs={24} xl={12}>
        <Incremental report={report} />
        <LiftRow title="Conversion" lift={report.conversion_lift} format={formatPoints} against={AGAINST} />
      </Col>
    </Row>
  );
}

interface Props {
  params: ProgramParams;
  onChange: (params: ProgramParams) => void;
}

/** Every journey together against the global control group, over a period. */
export function ProgramSection({ params, onChange }: Props) {
  const query = useQuery({
    queryKey: ["program-report", params],
    queryFn: ({ signal }) => getProgramReport(params, signal),
    placeholderData: keepPreviousData,
  });
  const report = query.data;
  let body;
  if (query.error) body = <ErrorAlert error={query.error} />;
  else if (!report) body = <Skeleton active paragraph={{ rows: 5 }} />;
  else body = <Comparison report={report} />;
  const percent = report?.control_group_percent;
  return (
    <Card
      className="program-section"
      title={
        <span>
          Program <span className="muted program-subtitle">all journeys against the global control group</span>
        </span>
      }
      extra={<PeriodPicker params={params} onChange={onChange} />}
      data-testid="program-report"
      aria-busy={!report || query.isFetching}
    >
      {body}
      {report && percent !== undefined && programState(report) === "ready" ? (
        <div className="muted program-footnote" data-testid="program-footnote">
          {percent > 0 ? `Control group: ${formatShare(percent)} of members, held out of every journey.` : "No control group is set."}{" "}
          Members count from their first journey entry in the period; paid amounts are net of discounts and refunds
          {report.credited_orders !== undefined
            ? `. ${formatNumber(report.credited_orders)} orders were credited to journeys in the period.`
            : "."}
        </div>
      ) : null}
    </Card>
  );
}
