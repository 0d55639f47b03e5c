import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch } from "antd";
import { fieldErrors } from "../../../api/formErrors";
import { createEarningRule, updateEarningRule, type EarningRule } from "../../../api/points";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { ruleBody } from "./pointsText";

const NEW_RULE: EarningRule = {
  key: "",
  name: "",
  active: true,
  bands: [{ min_amount: 0, rate: 1 }],
  channels: [],
  expires_after_days: 365,
};

const FIELDS = ["key", "name", "bands", "channels", "expires_after_days"] as const;

/** Create or edit an earning rule: points per yuan in bands by order size. */
export function EarningRuleModal({ rule, onClose }: { rule: EarningRule | null; onClose: () => void }) {
  const [form] = Form.useForm<EarningRule>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const editing = Boolean(rule?.key);
  const save = useMutation({
    mutationFn: (values: EarningRule) => (editing ? updateEarningRule(ruleBody(values)) : createEarningRule(ruleBody(values))),
    onSuccess: ({ rule: saved }) => {
      message.success(`Saved ${saved.name}.`);
      client.invalidateQueries({ queryKey: ["points-rules"] });
      onClose();
    },
    onError: (error) => form.setFields(fieldErrors(error, FIELDS)),
  });
  return (
    <Modal
      title={editing ? `Edit ${rule?.name}` : "New earning rule"}
      open={rule !== null}
      width={620}
      okText={editing ? "Save changes" : "Create rule"}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error ? (
        <div className="form-alert">
          <ErrorAlert error={save.error} />
        </div>
      ) : null}
      <Form<EarningRule> form={form} layout="vertical" initialValues={rule?.key ? rule : NEW_RULE} onFinish={(v) => save.mutate(v)}>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label="Name" rules={[{ required: true, message: "Give the rule a name." }]}>
              <Input placeholder="Standard earning" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="key" label="Key" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_.-]*$/, message: "Lower-case letters, digits, _ . - only." }]}>
              <Input className="mono" disabled={editing} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="Bands (the band an order falls in sets points per ¥1 for the whole order)" required>
          <Form.List name="bands">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: "100%" }}>
                {fields.map((field, i) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, "min_amount"]} noStyle rules={[{ required: true }]}>
                      <InputNumber min={0} prefix="From ¥" disabled={i === 0} style={{ width: 170 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, "rate"]} noStyle rules={[{ required: true }]}>
                      <InputNumber min={0} max={1000} step={0.5} suffix="pts per ¥1" style={{ width: 170 }} />
                    </Form.Item>
                    {i > 0 ? <MinusCircleOutlined aria-label="Remove band" onClick={() => remove(field.name)} /> : null}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ min_amount: null, rate: 1 })}>
                  Add band
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="channels" label="Order channels" tooltip="Empty means every channel.">
              <Select mode="tags" placeholder="Every channel" options={[{ value: "online" }, { value: "pos" }, { value: "mini_program" }]} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expires_after_days" label="Points expire after">
              <InputNumber min={1} max={3650} suffix="days" style={{ width: "100%" }} placeholder="Never" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="active" label="Active" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
