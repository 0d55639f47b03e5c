import { Alert } from "antd";
import type { RfmSegment } from "../../api/audiences";
import { joinNames, percent, revenueInsight } from "./insight";

/** "Champions and Loyal: 26% of members bring 63% of revenue." */
export function RfmHeadline({ segments }: { segments: RfmSegment[] }) {
  const insight = revenueInsight(segments);
  if (!insight) {
    return <Alert type="info" showIcon message="No scored member has revenue yet, so there is no revenue split to show." />;
  }
  return (
    <Alert
      type="success"
      showIcon
      data-testid="rfm-insight"
      message={
        <span className="rfm-insight">
          <strong>{percent(insight.memberShare)}</strong> of members bring <strong>{percent(insight.revenueShare)}</strong> of revenue
        </span>
      }
      description={`${joinNames(insight.segments)} ${insight.segments.length === 1 ? "is the segment" : "are the segments"} with the highest spend per member.`}
    />
  );
}
