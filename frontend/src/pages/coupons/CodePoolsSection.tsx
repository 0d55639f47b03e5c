import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Progress, Space, Table, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import {
  createCodePool,
  describeRowError,
  listCodePools,
  poolStock,
  updateCodePool,
  uploadCodes,
  UploadError,
  type CodePool,
} from "../../api/codePools";
import { useSession } from "../../auth/useSession";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, formatNumber } from "../../format/format";

export const CODE_POOLS_KEY = ["code-pools"] as const;

function StockCell({ pool }: { pool: CodePool }) {
  const { percent, state } = poolStock(pool);
  return (
    <div data-testid={`pool-stock-${pool.key}`}>
      <Progress percent={percent} size="small" status={state === "ok" ? "normal" : "exception"} showInfo={false} />
      <Typography.Text>
        {formatNumber(pool.remaining)} of {formatNumber(pool.total)} left
      </Typography.Text>
    </div>
  );
}

function StateTag({ pool }: { pool: CodePool }) {
  const { state } = poolStock(pool);
  if (state === "empty") {
    return <Tag color="red">Empty: grants take out-of-stock</Tag>;
  }
  if (pool.low_stock) {
    return <Tag color="orange">Low since {formatDateTime(pool.low_stock_since)}</Tag>;
  }
  return <Tag color="green">In stock</Tag>;
}

function LevelCell({ pool, canWrite }: { pool: CodePool; canWrite: boolean }) {
  const client = useQueryClient();
  const [value, setValue] = useState<number | null>(pool.low_stock_level);
  const save = useMutation({
    mutationFn: (level: number) => updateCodePool(pool.key, { low_stock_level: level }),
    onSuccess: () => client.invalidateQueries({ queryKey: CODE_POOLS_KEY }),
  });
  if (!canWrite) {
    return <span>{formatNumber(pool.low_stock_level)}</span>;
  }
  return (
    <Space size={4}>
      <InputNumber
        aria-label={`Low-stock level of ${pool.name}`}
        min={0}
        precision={0}
        value={value}
        onChange={(v) => setValue(v)}
        style={{ width: 100 }}
      />
      <Button
        size="small"
        disabled={value === null || value === pool.low_stock_level}
        loading={save.isPending}
        onClick={() => value !== null && save.mutate(value)}
      >
        Set
      </Button>
    </Space>
  );
}

function NewPoolModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ key: string; name: string; low_stock_level: number }>();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: createCodePool,
    onSuccess: () => {
      client.invalidateQueries({ queryKey: CODE_POOLS_KEY });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal title="New code pool" open={open} onOk={() => form.submit()} onCancel={onClose} confirmLoading={create.isPending} okText="Create pool">
      {create.error ? <ErrorAlert error={create.error} /> : null}
      <Form form={form} layout="vertical" initialValues={{ low_stock_level: 100 }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label="Name" rules={[{ required: true, message: "Name the pool." }]}>
          <Input placeholder="Coffee partner codes" />
        </Form.Item>
        <Form.Item name="key" label="Key" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_.-]*$/, message: "Lower-case letters, digits, _ . - only." }]}>
          <Input className="mono" placeholder="coffee-partner" />
        </Form.Item>
        <Form.Item name="low_stock_level" label="Alert when this many codes or fewer are left">
          <InputNumber min={0} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Partner code pools: upload codes (admins), stock left, low-stock level and alerts. */
export function CodePoolsSection() {
  const { user } = useSession();
  const canWrite = user?.role === "admin";
  const client = useQueryClient();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [failed, setFailed] = useState<UploadError | Error | null>(null);
  const pools = useQuery({
    queryKey: CODE_POOLS_KEY,
    queryFn: ({ signal }) => listCodePools(signal).then((d) => d.pools),
  });
  const upload = useMutation({
    mutationFn: ({ key, file }: { key: string; file: File }) => uploadCodes(key, file, file.name),
    onMutate: () => setFailed(null),
    onSuccess: (result) => {
      message.success(`${formatNumber(result.added)} codes added to ${result.pool}.`);
      client.invalidateQueries({ queryKey: CODE_POOLS_KEY });
    },
    onError: (error) => setFailed(error),
  });
  return (
    <Card
      className="code-pools"
      data-testid="code-pools"
      title="Code pools 券码池"
      style={{ marginTop: 16 }}
      extra={
        canWrite ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            New pool
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        Partner codes uploaded as CSV (one <code>code</code> column). A coupon template set to a pool hands out its codes; when
        the pool is empty, journeys take the grant's out-of-stock branch.
      </Typography.Paragraph>
      {failed ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          message={failed.message}
          description={
            failed instanceof UploadError && failed.rows.length ? (
              <ul className="row-errors" data-testid="pool-upload-errors">
                {failed.rows.map((e, i) => (
                  <li key={i}>{describeRowError(e)}</li>
                ))}
                {failed.total > failed.rows.length ? <li>… and {failed.total - failed.rows.length} more</li> : null}
              </ul>
            ) : null
          }
        />
      ) : null}
      {pools.error ? <ErrorAlert error={pools.error} /> : null}
      <Table<CodePool>
        rowKey="key"
        size="middle"
        loading={pools.isLoading}
        dataSource={pools.data ?? []}
        pagination={false}
        locale={{ emptyText: "No code pools yet" }}
        columns={[
          {
            title: "Pool",
            key: "pool",
            render: (_, p) => (
              <div>
                <div>{p.name}</div>
                <Typography.Text type="secondary" className="mono">
                  {p.key}
                </Typography.Text>
              </div>
            ),
          },
          { title: "Stock", key: "stock", width: 220, render: (_, p) => <StockCell pool={p} /> },
          { title: "State", key: "state", render: (_, p) => <StateTag pool={p} /> },
          { title: "Low-stock level", key: "level", render: (_, p) => <LevelCell key={p.low_stock_level} pool={p} canWrite={canWrite} /> },
          {
            title: "Last alert",
            key: "alert",
            render: (_, p) =>
              p.last_alert ? `${formatDateTime(p.last_alert.at)}: ${formatNumber(p.last_alert.remaining)} left` : "—",
          },
          {
            title: "Templates",
            key: "templates",
            render: (_, p) => (p.templates.length ? p.templates.map((t) => <Tag key={t}>{t}</Tag>) : "—"),
          },
          ...(canWrite
            ? [
                {
                  title: "",
                  key: "upload",
                  render: (_: unknown, p: CodePool) => (
                    <Upload
                      accept=".csv,text/csv"
                      showUploadList={false}
                      customRequest={({ file }) => upload.mutate({ key: p.key, file: file as File })}
                    >
                      <Button icon={<UploadOutlined />} loading={upload.isPending && upload.variables?.key === p.key}>
                        Upload codes
                      </Button>
                    </Upload>
                  ),
                },
              ]
            : []),
        ]}
      />
      <NewPoolModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
