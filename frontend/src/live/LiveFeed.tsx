import { Button, List, Typography } from "antd";
import { EmptyState } from "../components/EmptyState";
import dayjs from "dayjs";
import { outcomeText } from "./counterLabels";
import type { StepSample } from "./types";

/** The newest sampled member steps, newest first. */
export function LiveFeed({
  feed,
  onMember,
  names = {},
}: {
  feed: StepSample[];
  onMember?: (member: string) => void;
  /** Node labels by node id; a node without one is named by its id. */
  names?: Record<string, string>;
}) {
  if (!feed.length) {
    return (
      <EmptyState
        title="No steps yet"
        description="Members' steps appear here as the journey moves them."
      />
    );
  }
  return (
    <List
      size="small"
      className="live-feed"
      dataSource={feed}
      renderItem={(step, index) => (
        <List.Item key={`${step.at}-${step.member}-${step.node}-${index}`}>
          <span>
            {onMember ? (
              <Button type="link" size="small" className="live-feed-member" onClick={() => onMember(step.member)}>
                {step.member}
              </Button>
            ) : (
              <Typography.Text strong>{step.member}</Typography.Text>
            )}{" "}
            {outcomeText(step.outcome)} <Typography.Text strong>{names[step.node] ?? step.node}</Typography.Text>
            {step.branch && step.branch !== "next" ? (
              <Typography.Text type="secondary"> by {step.branch}</Typography.Text>
            ) : null}
          </span>
          <Typography.Text type="secondary">{dayjs(step.at).format("MMM D, HH:mm:ss")}</Typography.Text>
        </List.Item>
      )}
    />
  );
}
