import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, InputNumber, Skeleton, Space, Typography } from "antd";
import { useEffect } from "react";
import { ApiError } from "../../api/client";
import { fieldErrors } from "../../api/formErrors";
import { getControlGroup, setControlGroup, type ControlGroup } from "../../api/program";
import { ErrorAlert } from "../../components/ErrorAlert";
import { controlGroupChange, formatShare } from "../../reports/program";

const FIELDS = ["percent"] as const;

function describe(percent: number): string {
  return percent > 0
    ? `${formatShare(percent)} of members are held out of every journey: they enter and leave at once, and nothing is sent or granted to them. What they buy against what everyone else buys is what the program adds (Reports).`
    : "No member is held out: every journey acts on every member it reaches, so the program's added revenue cannot be measured.";
}

/** The share of members no journey acts on; admins change it, others read it. */
export function ControlGroupCard({ canEdit }: { canEdit: boolean }) {
  const client = useQueryClient();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<ControlGroup>();
  const query = useQuery({ queryKey: ["control-group"], queryFn: ({ signal }) => getControlGroup(signal) });
  const current = query.data?.percent;
  useEffect(() => {
    if (current !== undefined) form.setFieldsValue({ percent: current });
  }, [current, form]);
  const save = useMutation({
    mutationFn: setControlGroup,
    onSuccess: (saved) => {
      client.setQueryData(["control-group"], saved);
      void client.invalidateQueries({ queryKey: ["program-report"] });
      void message.success(saved.percent > 0 ? `Control group set to ${formatShare(saved.percent)}.` : "Control group switched off.");
    },
    onError: (error) => {
      const errors = fieldErrors(error, FIELDS);
      form.setFields(
        errors.length
          ? errors
          : [{ name: "percent", errors: [error instanceof ApiError || error instanceof Error ? error.message : "Saving failed."] }],
      );
    },
  });
  const confirm = ({ percent }: ControlGroup) => {
    const change = controlGroupChange(current ?? 0, percent);
    modal.confirm({
      title: change.title,
      content: change.content,
      okText: percent > 0 ? `Hold out ${formatShare(percent)}` : "Switch off",
      okButtonProps: { danger: true },
      onOk: () => save.mutateAsync({ percent }).catch(() => undefined),
    });
  };

  let body;
  if (query.isLoading) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (query.error) body = <ErrorAlert error={query.error} />;
  else if (current !== undefined) {
    body = (
      <Space direction="vertical" size={12} style={{ width: "100%" }}>
        <div className="control-group-summary">
          <Typography.Text className="control-group-share" data-testid="control-group-share" strong>
            {current > 0 ? formatShare(current) : "Off"}
          </Typography.Text>
          <Typography.Text type="secondary">{describe(current)}</Typography.Text>
        </div>
        {canEdit ? (
          <Form<ControlGroup> form={form} layout="inline" initialValues={{ percent: current }} onFinish={confirm}>
            <Form.Item
              name="percent"
              label="Share of members"
              rules={[
                { required: true, message: "Give a share from 0 to 50%." },
                { type: "number", min: 0, max: 50, message: "Give a share from 0 to 50% (0 switches it off)." },
              ]}
            >
              <InputNumber aria-label="Control group share" suffix="%" step={1} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item shouldUpdate>
              {() => (
                <Button
                  htmlType="submit"
                  type="primary"
                  loading={save.isPending}
                  disabled={form.getFieldValue("percent") === current}
                >
                  Change
                </Button>
              )}
            </Form.Item>
          </Form>
        ) : (
          <Typography.Text type="secondary" data-testid="control-group-read-only">
            Only admins change the control group.
          </Typography.Text>
        )}
      </Space>
    );
  }
  return (
    <Card title="Global control group" data-testid="control-group-card">
      {body}
    </Card>
  );
}
