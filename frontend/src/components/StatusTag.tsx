import { Tag } from "antd";
import { humanize } from "../format/format";

const STATUS_COLORS: Record<string, string> = {
  draft: "default",
  published: "green",
  running: "green",
  paused: "orange",
  archived: "default",
  superseded: "default",
  error: "red",
  warning: "orange",
  active: "green",
  inactive: "default",
  revoked: "red",
};

export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) {
    return null;
  }
  return <Tag color={STATUS_COLORS[status] ?? "blue"}>{humanize(status)}</Tag>;
}
