import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, Divider, Flex, Form, Popconfirm, Row, Switch, Typography } from "antd";
import { useMemo } from "react";
import { ApiError } from "../../../api/client";
import { rotateCallbackSecret, saveChannel, type ChannelSettings } from "../../../api/messaging";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { SchemaField } from "./SchemaField";
import {
  JsonFieldError,
  configPayload,
  describeDefault,
  errorPath,
  rulesFormValues,
  rulesPayload,
  savedSecrets,
  schemaFields,
  toFormValues,
} from "./schemaForm";

interface FormShape {
  enabled: boolean;
  config: Record<string, unknown>;
  rules: Record<string, unknown>;
}

/** A channel's provider settings and send rules, both built from the schemas the server gives. */
export function ChannelForm({ channel, canEdit }: { channel: ChannelSettings; canEdit: boolean }) {
  const [form] = Form.useForm<FormShape>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const configFields = useMemo(() => schemaFields(channel.config_schema), [channel.config_schema]);
  const ruleFields = useMemo(() => schemaFields(channel.rules_schema), [channel.rules_schema]);
  const secrets = useMemo(() => savedSecrets(configFields, channel.config), [configFields, channel.config]);
  const initial: FormShape = {
    enabled: channel.enabled,
    config: toFormValues(configFields, channel.config),
    rules: rulesFormValues(ruleFields, channel.rules, channel.default_rules),
  };
  const rotate = useMutation({
    mutationFn: () => rotateCallbackSecret(channel.channel),
    onSuccess: ({ callback_url }) => {
      message.success("New callback address: give it to the provider; the old one no longer works.");
      client.setQueryData<{ channels: ChannelSettings[] }>(["channels"], (old) =>
        old ? { channels: old.channels.map((c) => (c.channel === channel.channel ? { ...c, callback_url } : c)) } : old,
      );
    },
    onError: (error) => message.error(error instanceof Error ? error.message : "Could not replace the secret."),
  });
  const save = useMutation({
    mutationFn: (values: FormShape) =>
      saveChannel(channel.channel, {
        enabled: values.enabled,
        config: configPayload(configFields, values.config ?? {}, secrets),
        rules: rulesPayload(ruleFields, values.rules ?? {}, channel.default_rules),
      }),
    onSuccess: ({ channel: saved }) => {
      message.success(`Saved ${saved.title}.`);
      client.setQueryData<{ channels: ChannelSettings[] }>(["channels"], (old) =>
        old ? { channels: old.channels.map((c) => (c.channel === saved.channel ? { ...c, ...saved } : c)) } : old,
      );
      form.setFieldValue("config", toFormValues(configFields, saved.config));
      for (const f of configFields) {
        if (f.kind === "secret") {
          form.setFieldValue(["config", f.name], undefined);
        }
      }
    },
    onError: (error) => {
      if (error instanceof JsonFieldError) {
        form.setFields([{ name: ["config", error.field], errors: [error.message] }]);
      } else if (error instanceof ApiError) {
        form.setFields(
          error.errors.flatMap((e) => {
            const path = errorPath(e.field, e.message);
            return path ? [{ name: path.slice(0, 2), errors: [e.message] }] : [];
          }),
        );
      }
    },
  });
  const showAlert = save.error && !(save.error instanceof JsonFieldError);
  return (
    <Form<FormShape>
      form={form}
      name={`channel-${channel.channel}`}
      layout="vertical"
      initialValues={initial}
      disabled={!canEdit}
      onFinish={(values) => save.mutate(values)}
      data-testid={`channel-form-${channel.channel}`}
    >
      {showAlert ? (
        <div className="form-alert">
          <ErrorAlert error={save.error} />
        </div>
      ) : null}
      <Form.Item name="enabled" label="Send on this channel" valuePropName="checked">
        <Switch />
      </Form.Item>
      {configFields.length ? (
        <>
          <Divider orientation="left" orientationMargin={0}>
            Provider settings
          </Divider>
          <Row gutter={16}>
            {configFields.map((spec) => (
              <Col key={spec.name} xs={24} md={spec.kind === "json" ? 24 : 12}>
                <SchemaField spec={spec} path={["config", spec.name]} secretSaved={secrets.has(spec.name)} />
              </Col>
            ))}
          </Row>
        </>
      ) : (
        <Typography.Paragraph type="secondary">This channel needs no provider settings.</Typography.Paragraph>
      )}
      <Divider orientation="left" orientationMargin={0}>
        Send rules
      </Divider>
      <Typography.Paragraph type="secondary">
        Quiet hours and frequency caps apply to marketing messages in the member's own timezone. An empty field means none, or the server's default for rules that are always on.
      </Typography.Paragraph>
      <Row gutter={16}>
        {ruleFields.map((spec) => (
          <Col key={spec.name} xs={24} md={12} xl={8}>
            <SchemaField
              spec={spec}
              path={["rules", spec.name]}
              emptyHint={spec.nullable ? "None" : "Server default"}
              extra={spec.name in channel.default_rules ? `Default: ${describeDefault(channel.default_rules[spec.name])}` : undefined}
            />
          </Col>
        ))}
      </Row>
      {channel.callback_url ? (
        <>
          <Divider orientation="left" orientationMargin={0}>
            Delivery reports
          </Divider>
          <Typography.Paragraph type="secondary">
            Give the provider this address for delivery, open and click reports (it holds the
            channel&apos;s secret; replace the secret if the address leaks):{" "}
            <Typography.Text copyable className="mono" data-testid="callback-url">
              {channel.callback_url}
            </Typography.Text>
          </Typography.Paragraph>
          {canEdit ? (
            <Popconfirm
              title="Replace the callback secret?"
              description="The current address stops working at once; reports the provider sends to it are refused."
              okText="Replace"
              onConfirm={() => rotate.mutate()}
            >
              <Button loading={rotate.isPending}>Replace the secret</Button>
            </Popconfirm>
          ) : null}
        </>
      ) : null}
      {canEdit ? (
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Save {channel.title}
          </Button>
        </Flex>
      ) : null}
    </Form>
  );
}
