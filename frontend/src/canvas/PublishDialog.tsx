import { useQuery } from "@tanstack/react-query";
import { Alert, Descriptions, Modal, Skeleton, Typography } from "antd";
import { getPublishPreview } from "../api/journeys";
import { ErrorAlert } from "../components/ErrorAlert";

const CHANNELS: Record<string, string> = { email: "Email", sms: "SMS", push: "Push", inapp: "In-app inbox", webhook: "Webhook" };
const number = (n: number) => n.toLocaleString("en-US");

interface Props {
  journeyKey: string;
  open: boolean;
  publishing: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Publishing acts on real members: say how many enter now and what that implies, then ask. */
export function PublishDialog({ journeyKey, open, publishing, onCancel, onConfirm }: Props) {
  const preview = useQuery({
    queryKey: ["publish-preview", journeyKey],
    enabled: open,
    gcTime: 0,
    staleTime: 0,
    queryFn: () => getPublishPreview(journeyKey),
  });
  const data = preview.data;
  const sends = Object.entries(data?.sends ?? {}).filter(([, n]) => n > 0);
  return (
    <Modal
      open={open}
      title={data ? `Publish version ${data.version}?` : "Publish?"}
      okText="Publish"
      okButtonProps={{ disabled: !data, loading: publishing }}
      onOk={onConfirm}
      onCancel={onCancel}
      destroyOnHidden
      width={560}
    >
      {preview.error ? <ErrorAlert error={preview.error} /> : null}
      {!data ? (
        preview.error ? null : <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <div data-testid="publish-dialog">
          <Typography.Paragraph>
            <Typography.Text strong data-testid="publish-entering">
              {number(data.entering_total)} member{data.entering_total === 1 ? "" : "s"} enter now
            </Typography.Text>
            {data.held_out ? ` (${number(data.held_out)} of them in the global control group, held out at the entry)` : null}.
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            {data.entering.map((e) => (
              <Descriptions.Item key={e.node_id} label={`Enter by ${e.label}`}>
                {number(e.members)}
              </Descriptions.Item>
            ))}
            {sends.map(([channel, n]) => (
              <Descriptions.Item key={channel} label={`${CHANNELS[channel] ?? channel} messages, at most`}>
                <span data-testid={`publish-sends-${channel}`}>{number(n)}</span>
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="Coupons granted, at most">
              <span data-testid="publish-coupons">{number(data.coupons)}</span>
            </Descriptions.Item>
          </Descriptions>
          {data.later_entries.length ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              Not counted: members who enter later by {data.later_entries.map((e) => e.label).join(", ")}.
            </Typography.Paragraph>
          ) : null}
          <Alert type="info" showIcon style={{ marginTop: 12 }} message={data.assumption} />
        </div>
      )}
    </Modal>
  );
}
