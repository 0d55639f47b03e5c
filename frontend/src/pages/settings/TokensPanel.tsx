import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Flex, Popconfirm, Skeleton, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import type { ApiToken } from "../../api/types";
import { listTokens, revokeToken } from "../../api/users";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusTag } from "../../components/StatusTag";
import { formatDateTime } from "../../format/format";
import { NewTokenModal } from "./NewTokenModal";
import { SecretModal } from "./SecretModal";

/** Bearer tokens for the shop, app and POS: issue with scopes, revoke. */
export function TokensPanel() {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const client = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({ queryKey: ["tokens"], queryFn: listTokens });
  const revoke = useMutation({
    mutationFn: revokeToken,
    onSuccess: ({ token }) => {
      message.success(`Revoked ${token.name}.`);
      client.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (error) => message.error(error.message),
  });

  const columns: ColumnsType<ApiToken> = [
    {
      title: "Token",
      dataIndex: "name",
      render: (name: string, row) => (
        <>
          <Typography.Text strong>{name}</Typography.Text>
          <div className="muted mono">{row.prefix}…</div>
        </>
      ),
    },
    {
      title: "Scopes",
      dataIndex: "scopes",
      render: (scopes: string[]) => (
        <Space size={[0, 4]} wrap>
          {scopes.map((s) => (
            <Tag key={s} className="mono">
              {s}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: "Created", dataIndex: "created_at", width: 160, render: (v: string) => formatDateTime(v) },
    { title: "Last used", dataIndex: "last_used_at", width: 160, render: (v: string | null) => formatDateTime(v) },
    { title: "Status", dataIndex: "revoked", width: 100, render: (r: boolean) => <StatusTag status={r ? "revoked" : "active"} /> },
    {
      title: "",
      key: "actions",
      width: 100,
      align: "right",
      render: (_: unknown, row) =>
        row.revoked ? null : (
          <Popconfirm
            title={`Revoke ${row.name}?`}
            description="Systems using it are refused at once."
            okText="Revoke"
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutate(row.id)}
          >
            <Button danger size="small">
              Revoke
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" className="toolbar">
        <Typography.Text type="secondary">Systems post members, orders and events with these tokens.</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!query.data}>
          New token
        </Button>
      </Flex>
      {query.isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : query.error ? (
        <ErrorAlert error={query.error} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          columns={columns}
          dataSource={query.data?.tokens}
          pagination={false}
          locale={{ emptyText: "No API tokens yet." }}
        />
      )}
      <NewTokenModal
        open={creating}
        scopes={query.data?.scopes ?? []}
        onClose={() => setCreating(false)}
        onCreated={(name, secret) => {
          setCreating(false);
          setCreated({ name, secret });
        }}
      />
      <SecretModal token={created} onClose={() => setCreated(null)} />
    </>
  );
}
