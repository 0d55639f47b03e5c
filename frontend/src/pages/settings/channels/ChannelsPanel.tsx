import { useQuery } from "@tanstack/react-query";
import { Collapse, Flex, Skeleton, Space, Tag, Typography } from "antd";
import { listChannels } from "../../../api/messaging";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { ChannelForm } from "./ChannelForm";

/** Every channel's provider, with its settings form and send rules. */
export function ChannelsPanel({ canEdit }: { canEdit: boolean }) {
  const query = useQuery({ queryKey: ["channels"], queryFn: ({ signal }) => listChannels(signal) });
  if (query.isLoading) {
    return <Skeleton active paragraph={{ rows: 6 }} />;
  }
  if (query.error) {
    return <ErrorAlert error={query.error} />;
  }
  const channels = query.data?.channels ?? [];
  if (channels.length === 0) {
    return <EmptyState title="No channels" description="The server has no channel providers registered." />;
  }
  return (
    <Space direction="vertical" size={12} style={{ width: "100%" }}>
      <Typography.Text type="secondary">
        Each provider describes its own settings. Secrets are write-only: they are never shown again once saved.
      </Typography.Text>
      <Collapse
        accordion
        items={channels.map((c) => ({
          key: c.channel,
          label: (
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{c.title}</Typography.Text>
              <Space size={4}>
                <Tag color={c.enabled ? "green" : "default"}>{c.enabled ? "On" : "Off"}</Tag>
                <Tag color={c.usable ? "blue" : "orange"}>{c.usable ? "Ready" : "Not configured"}</Tag>
              </Space>
            </Flex>
          ),
          children: <ChannelForm key={`${c.channel}`} channel={c} canEdit={canEdit} />,
        }))}
      />
    </Space>
  );
}
