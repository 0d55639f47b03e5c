import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, Drawer, Flex, Form, Input, Row, Select, Space, Tag, Typography } from "antd";
import { useEffect } from "react";
import { createMessageTemplate, updateMessageTemplate, type MessageTemplate } from "../../api/messaging";
import { ErrorAlert } from "../../components/ErrorAlert";
import { NameKeyFields } from "../../components/forms/NameKeyFields";
import { channelLabel } from "../../format/format";
import {
  CHANNELS,
  NEW_MESSAGE_TEMPLATE,
  PERSONALISATION,
  formToBody,
  splitErrors,
  subjectLabel,
  templateToForm,
  type TemplateFormValues,
} from "./templateForm";
import { TemplatePreview } from "./TemplatePreview";

interface Props {
  open: boolean;
  onClose: () => void;
  template?: MessageTemplate;
  readOnly: boolean;
}

/** Write a template with personalisation; the server checks it at save and shows problems at the field. */
export function TemplateEditorDrawer({ open, onClose, template, readOnly }: Props) {
  const [form] = Form.useForm<TemplateFormValues>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const channel = Form.useWatch("channel", form);
  const subject = subjectLabel(channel);
  const save = useMutation({
    mutationFn: (v: TemplateFormValues) =>
      template ? updateMessageTemplate(formToBody(v)) : createMessageTemplate(formToBody(v)),
    onSuccess: ({ template: saved }) => {
      message.success(`Saved ${saved.name}.`);
      client.invalidateQueries({ queryKey: ["message-templates"] });
      onClose();
    },
    onError: (error) => form.setFields(splitErrors(error).fields),
  });
  useEffect(() => {
    if (open) {
      save.reset();
      form.setFieldsValue(template ? templateToForm(template) : NEW_MESSAGE_TEMPLATE);
    }
  }, [open, template]);

  const insert = (snippet: string) => {
    const body = form.getFieldValue("body") ?? "";
    form.setFieldValue("body", `${body}${body && !body.endsWith(" ") ? " " : ""}${snippet}`);
  };
  const unplaced = splitErrors(save.error).other;
  return (
    <Drawer
      title={template ? template.name : "New message template"}
      open={open}
      onClose={onClose}
      width={1040}
      forceRender
      extra={
        readOnly ? null : (
          <Space>
            <Button onClick={onClose}>Cancel</Button>
            <Button type="primary" onClick={() => form.submit()} loading={save.isPending}>
              Save template
            </Button>
          </Space>
        )
      }
    >
      <Row gutter={24}>
        <Col span={14}>
          {save.error && (unplaced.length || !splitErrors(save.error).fields.length) ? (
            <div className="form-alert">
              <ErrorAlert error={save.error} />
            </div>
          ) : null}
          <Form<TemplateFormValues>
            form={form}
            layout="vertical"
            disabled={readOnly}
            initialValues={NEW_MESSAGE_TEMPLATE}
            onFinish={(v) => save.mutate(v)}
          >
            <NameKeyFields
              noun="template"
              namePlaceholder="Win-back SMS"
              keyPlaceholder="winback_sms"
              keyLocked={Boolean(template)}
            />
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="channel" label="Channel">
                  <Select options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="category"
                  label="Category"
                  tooltip="Marketing messages follow consent, quiet hours and frequency caps; transactional ones do not."
                >
                  <Select
                    options={[
                      { value: "marketing", label: "Marketing" },
                      { value: "transactional", label: "Transactional" },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
            {subject ? (
              <Form.Item name="subject" label={subject}>
                <Input />
              </Form.Item>
            ) : null}
            <Form.Item
              name="body"
              label={channel === "email" ? "Body (HTML)" : "Body"}
              rules={[{ required: true, message: "Write the message." }]}
            >
              <Input.TextArea rows={channel === "email" ? 12 : 6} className="mono" />
            </Form.Item>
          </Form>
          {readOnly ? null : (
            <Flex wrap gap={6} align="center">
              <Typography.Text type="secondary">Insert:</Typography.Text>
              {PERSONALISATION.map((p) => (
                <Tag key={p.label} className="clickable-tag" onClick={() => insert(p.snippet)}>
                  {p.label}
                </Tag>
              ))}
            </Flex>
          )}
        </Col>
        <Col span={10}>
          <TemplatePreview key={`${template?.key ?? "new"}-${String(open)}`} values={() => form.getFieldsValue(true) as TemplateFormValues} />
        </Col>
      </Row>
    </Drawer>
  );
}
