import { BellOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Badge, Button, Tooltip } from "antd";
import { useNavigate } from "react-router";
import { listAlerts } from "../api/alerts";

/** The header's bell: unread KPI alerts of the signed-in user, a click away from the list. */
export function AlertBell() {
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ["alerts"], queryFn: ({ signal }) => listAlerts(signal), refetchInterval: 60_000 });
  const unread = query.data?.unread ?? 0;
  return (
    <Tooltip title={unread ? `${unread} unread alert${unread === 1 ? "" : "s"}` : "Alerts"}>
      <Badge count={unread} size="small" data-testid="alert-unread">
        <Button aria-label="Alerts" icon={<BellOutlined />} onClick={() => navigate("/alerts")} />
      </Badge>
    </Tooltip>
  );
}
