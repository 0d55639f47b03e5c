import "./rfm.css";
import { ReloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Skeleton, Space, Typography } from "antd";
import { getRfm, type RfmSummary, refreshRfm } from "../../api/audiences";
import { useSession } from "../../auth/useSession";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, formatNumber } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { chartRows } from "./insight";
import { RfmChart } from "./RfmChart";
import { RfmHeadline } from "./RfmHeadline";
import { RfmTable } from "./RfmTable";

/** " · scored as of …" when the last refresh scored at a past date (flask rfm refresh --as-of). */
function scoredAsOf(data: RfmSummary): string {
  if (!data.as_of || !data.refreshed_at || data.as_of === data.refreshed_at) return "";
  return ` · scored as of ${formatDateTime(data.as_of)}`;
}

/** RFM segments: their share of members and of revenue, refreshed on demand. */
export function RfmPage() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { user } = useSession();
  const canEdit = user?.role !== "viewer";
  const query = useQuery({ queryKey: ["rfm"], queryFn: ({ signal }) => getRfm(signal) });
  const refresh = useMutation({
    mutationFn: refreshRfm,
    onSuccess: (result) => {
      message.success(`Scored ${formatNumber(result.scored)} members`);
      return client.invalidateQueries({ queryKey: ["rfm"] });
    },
  });
  const data = query.data;
  const total = data?.segments.reduce((n, s) => n + s.members, 0) ?? 0;
  const subtitle = data
    ? data.refreshed_at
      ? `Last refreshed ${formatDateTime(data.refreshed_at)}${scoredAsOf(data)} · purchases of the last ${formatNumber(data.window_days)} days · ${formatNumber(total)} members`
      : "Not refreshed yet: refresh to score members by recency, frequency and monetary value."
    : "Members grouped by recency, frequency and monetary value of their orders.";
  let body;
  if (query.isLoading) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (!data || total === 0) {
    body = (
      <Card>
        <EmptyState title="No members yet" description="Segments appear once members and their orders arrive from the shop, app and POS." />
      </Card>
    );
  } else {
    body = (
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <RfmHeadline segments={data.segments} />
        <Card title="Share of members and of revenue" size="small">
          <RfmChart rows={chartRows(data.segments)} />
        </Card>
        <Card title="Segments" size="small" styles={{ body: { padding: 0 } }}>
          <RfmTable segments={data.segments} canEdit={canEdit} />
        </Card>
      </Space>
    );
  }
  return (
    <>
      <PageHeader
        title="RFM segments 分群"
        subtitle={<span data-testid="rfm-refreshed">{subtitle}</span>}
        extra={
          canEdit ? (
            <Button icon={<ReloadOutlined />} loading={refresh.isPending} onClick={() => refresh.mutate()}>
              Refresh now
            </Button>
          ) : null
        }
      />
      {refresh.error ? <ErrorAlert error={refresh.error} title="The refresh failed" /> : null}
      {body}
      <Typography.Paragraph type="secondary" className="rfm-footnote">
        Scores run from 1 to 5 by quintile of rank among members who bought in the window; spend is what was paid net
        of discounts and refunds. Lost members bought before the window, not in it; Never bought have no purchase.
        Revenue is each member's total spend.
      </Typography.Paragraph>
    </>
  );
}
