import { Tag } from "antd";
import { humanize } from "../../format/format";

const COLORS: Record<string, string> = {
  pending: "default",
  sending: "processing",
  deferred: "gold",
  retry: "orange",
  sent: "blue",
  delivered: "cyan",
  opened: "geekblue",
  clicked: "green",
  bounced: "volcano",
  failed: "red",
  suppressed: "magenta",
};

export const MESSAGE_STATUSES = Object.keys(COLORS);

export function MessageStatusTag({ status }: { status: string }) {
  return <Tag color={COLORS[status] ?? "default"}>{humanize(status)}</Tag>;
}
