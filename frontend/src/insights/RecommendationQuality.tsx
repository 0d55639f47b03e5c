import { useQuery } from "@tanstack/react-query";
import { Card, Skeleton, Table, Typography } from "antd";
import { getRecommendationEvaluation, type EvaluationRow } from "../api/recommendations";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { formatDateTime, formatNumber } from "../format/format";
import { liftOver } from "./lift";

const LABELS: Record<string, string> = {
  popularity: "Popularity (baseline)",
  "co-purchase": "Co-purchase + popularity (sent)",
  als: "ALS (implicit)",
  bpr: "BPR (implicit)",
};

/** Precision@k and recall@k of each recommendation model against the popularity baseline. */
export function RecommendationQuality() {
  const query = useQuery({
    queryKey: ["insights", "recommendations"],
    queryFn: ({ signal }) => getRecommendationEvaluation(signal),
  });
  let body;
  if (query.isLoading) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (query.error || !query.data) body = <ErrorAlert error={query.error} />;
  else if (!query.data.evaluation)
    body = (
      <EmptyState
        title="Not evaluated yet"
        description="Run flask --app wsgi recommendations refresh, or wait for the nightly refresh."
      />
    );
  else {
    const e = query.data.evaluation;
    const lifted = liftOver(e.rows);
    body = (
      <>
        <Table<EvaluationRow & { precisionLift: number | null; recallLift: number | null }>
          size="small"
          pagination={false}
          rowKey={(r) => `${r.model}-${r.k}`}
          dataSource={lifted}
          data-testid="recommendation-evaluation"
          columns={[
            { title: "Model", dataIndex: "model", render: (m: string) => LABELS[m] ?? m },
            { title: "k", dataIndex: "k", align: "right" },
            { title: "Precision@k", dataIndex: "precision", align: "right", render: (v: number) => v.toFixed(4) },
            {
              title: "vs popularity",
              dataIndex: "precisionLift",
              align: "right",
              render: (v: number | null) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`),
            },
            { title: "Recall@k", dataIndex: "recall", align: "right", render: (v: number) => v.toFixed(4) },
            {
              title: "vs popularity",
              dataIndex: "recallLift",
              align: "right",
              render: (v: number | null) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="recommendation-split">
          Trained on everything before {formatDateTime(e.cutoff)}, tested on what {formatNumber(e.members)} members bought
          after it · evaluated {formatDateTime(e.computed_at)}. Details in docs/recommendations.md.
        </Typography.Paragraph>
      </>
    );
  }
  return (
    <Card title="Recommendations: quality on a time split of the orders" size="small" style={{ marginTop: 16 }}>
      {body}
    </Card>
  );
}
