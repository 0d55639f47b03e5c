import { LoadingOutlined } from "@ant-design/icons";
import type { UseQueryResult } from "@tanstack/react-query";
import { Alert, Card, Divider, Skeleton, Statistic } from "antd";
import type { AudiencePreview } from "../../api/audiences";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { RuleError } from "../../audiences/ruleErrors";
import { formatNumber } from "../../format/format";
import { OrderValueStats } from "./OrderValueStats";

interface Props {
  query: UseQueryResult<AudiencePreview>;
  pending: boolean;
  ruleErrors: RuleError[];
  canPreview: boolean;
}

/** The audience's size right now, its order values and a threshold hint. */
export function PreviewCard({ query, pending, ruleErrors, canPreview }: Props) {
  const title = (
    <span>
      Preview {pending && canPreview ? <LoadingOutlined className="muted" aria-label="Updating" /> : null}
    </span>
  );
  let body;
  if (!canPreview) {
    body = <Alert type="info" showIcon message="Previewing an audience needs the marketer or admin role." />;
  } else if (ruleErrors.length) {
    body = (
      <Alert
        type="warning"
        showIcon
        data-testid="preview-invalid"
        message={`${ruleErrors.length === 1 ? "One problem" : `${ruleErrors.length} problems`} in the rules`}
        description="Each is shown at its condition. The size updates once they are fixed."
      />
    );
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (!query.data) {
    body = <Skeleton active paragraph={{ rows: 4 }} />;
  } else {
    body = (
      <>
        <Statistic title="Members in the audience" value={formatNumber(query.data.size)} valueStyle={{ fontSize: 32 }} data-testid="preview-size" />
        <Divider style={{ margin: "16px 0" }} />
        <OrderValueStats value={query.data.order_value} />
      </>
    );
  }
  return (
    <Card title={title} size="small" className="preview-card">
      {body}
    </Card>
  );
}
