import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Flex, Popconfirm, Select, Skeleton, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import type { Role, User } from "../../api/types";
import { listUsers, updateUser, type UserChange } from "../../api/users";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusTag } from "../../components/StatusTag";
import { formatDateTime } from "../../format/format";
import { NewUserModal } from "./NewUserModal";
import { ROLE_SHORT } from "./roles";

/** Everyone who can sign in: add users, change roles, deactivate. */
export function UsersPanel({ currentUserId }: { currentUserId: number }) {
  const [adding, setAdding] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({ queryKey: ["users"], queryFn: () => listUsers().then((d) => d.users) });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: number; change: UserChange }) => updateUser(id, change),
    onSuccess: ({ user }) => {
      message.success(`Saved ${user.email}.`);
      client.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (error) => message.error(error.message),
  });

  const columns: ColumnsType<User> = [
    {
      title: "User",
      dataIndex: "email",
      render: (email: string, row) => (
        <>
          <Typography.Text strong>{row.name || email}</Typography.Text>
          <div className="muted">{email}</div>
        </>
      ),
    },
    {
      title: "Role",
      dataIndex: "role",
      width: 160,
      render: (role: Role, row) => (
        <Select<Role>
          value={role}
          options={ROLE_SHORT}
          style={{ width: 130 }}
          aria-label={`Role of ${row.email}`}
          disabled={row.id === currentUserId || update.isPending}
          onChange={(value) => update.mutate({ id: row.id, change: { role: value } })}
        />
      ),
    },
    { title: "Status", dataIndex: "active", width: 110, render: (a: boolean) => <StatusTag status={a ? "active" : "inactive"} /> },
    { title: "Last sign-in", dataIndex: "last_login_at", width: 170, render: (v: string | null) => formatDateTime(v) },
    {
      title: "",
      key: "actions",
      width: 130,
      align: "right",
      render: (_: unknown, row) =>
        row.id === currentUserId ? (
          <Typography.Text type="secondary">You</Typography.Text>
        ) : row.active ? (
          <Popconfirm
            title={`Deactivate ${row.email}?`}
            description="They will no longer be able to sign in."
            okText="Deactivate"
            okButtonProps={{ danger: true }}
            onConfirm={() => update.mutate({ id: row.id, change: { active: false } })}
          >
            <Button danger size="small">
              Deactivate
            </Button>
          </Popconfirm>
        ) : (
          <Button size="small" onClick={() => update.mutate({ id: row.id, change: { active: true } })}>
            Reactivate
          </Button>
        ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" className="toolbar">
        <Typography.Text type="secondary">Admins manage users; marketers build journeys; viewers read.</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          Add user
        </Button>
      </Flex>
      {query.isLoading ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : query.error ? (
        <ErrorAlert error={query.error} />
      ) : (
        <Table<User> rowKey="id" columns={columns} dataSource={query.data} pagination={false} />
      )}
      <NewUserModal open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
