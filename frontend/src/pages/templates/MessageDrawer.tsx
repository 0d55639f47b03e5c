import { useQuery } from "@tanstack/react-query";
import { Descriptions, Drawer, Skeleton, Timeline, Typography } from "antd";
import { Link } from "react-router";
import { getMessage } from "../../api/messaging";
import { ErrorAlert } from "../../components/ErrorAlert";
import { channelLabel, formatCurrency, formatDateTime, humanize } from "../../format/format";
import { MessageStatusTag } from "./messageStatus";

/** One outbox message: what was sent and every outcome recorded for it, with its reason. */
export function MessageDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const query = useQuery({
    queryKey: ["message", id],
    queryFn: ({ signal }) => getMessage(id ?? 0, signal),
    enabled: id !== null,
  });
  let body;
  if (query.isLoading) {
    body = <Skeleton active />;
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (query.data) {
    const { message: m, events } = query.data;
    body = (
      <>
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 24 }}>
          <Descriptions.Item label="Status">
            <MessageStatusTag status={m.status} /> {m.reason ? <span className="muted">{humanize(m.reason)}</span> : null}
          </Descriptions.Item>
          <Descriptions.Item label="Member">
            <Link to={`/members/${m.member_id}`}>{m.member_external_id ?? `#${m.member_id}`}</Link>
          </Descriptions.Item>
          <Descriptions.Item label="Channel">{channelLabel(m.channel)}</Descriptions.Item>
          <Descriptions.Item label="Template">
            <span className="mono">{m.template_key ?? "—"}</span> · {humanize(m.category)}
          </Descriptions.Item>
          <Descriptions.Item label="Attempts">{m.attempts}</Descriptions.Item>
          <Descriptions.Item label="Queued">{formatDateTime(m.created_at)}</Descriptions.Item>
          <Descriptions.Item label="Sent">{formatDateTime(m.sent_at)}</Descriptions.Item>
          {m.cost ? <Descriptions.Item label="Cost">{formatCurrency(m.cost)}</Descriptions.Item> : null}
          <Descriptions.Item label="Key">
            <span className="mono">{m.idempotency_key}</span>
          </Descriptions.Item>
        </Descriptions>
        {m.subject || m.body ? (
          <>
            <Typography.Title level={5}>Content</Typography.Title>
            {m.subject ? <Typography.Text strong>{m.subject}</Typography.Text> : null}
            <Typography.Paragraph className="preview-body">{m.body}</Typography.Paragraph>
          </>
        ) : null}
        <Typography.Title level={5}>Delivery</Typography.Title>
        <Timeline
          items={events.map((e) => ({
            children: (
              <>
                <MessageStatusTag status={e.status} /> <span className="muted">{formatDateTime(e.at)}</span>
                {e.reason ? <div className="muted">{humanize(e.reason)}</div> : null}
              </>
            ),
          }))}
        />
      </>
    );
  }
  return (
    <Drawer title={id !== null ? `Message #${id}` : null} open={id !== null} onClose={onClose} width={520}>
      {body}
    </Drawer>
  );
}
