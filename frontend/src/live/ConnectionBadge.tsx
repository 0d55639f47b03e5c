import { Badge, Tooltip } from "antd";

/** Whether live updates are flowing, and the server's reason when they are not. */
export function ConnectionBadge({ connected, error }: { connected: boolean; error: string | null }) {
  if (error) {
    return (
      <Tooltip title={error}>
        <Badge status="error" text="Not connected" />
      </Tooltip>
    );
  }
  return connected ? <Badge status="processing" text="Connected" /> : <Badge status="default" text="Connecting…" />;
}
