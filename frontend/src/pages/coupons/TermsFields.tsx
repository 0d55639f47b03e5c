import { Col, Form, InputNumber, Row, Typography } from "antd";
import { describeTerms, type TemplateFormValues } from "./terms";

const money = { min: 0, precision: 2, prefix: "¥", style: { width: "100%" } } as const;

/** The offer's numbers, which depend on its kind, and the sentence they make. */
export function TermsFields() {
  const form = Form.useFormInstance<TemplateFormValues>();
  const kind = Form.useWatch("kind", form);
  const values = Form.useWatch([], form) as Partial<TemplateFormValues> | undefined;
  const sentence = kind
    ? describeTerms(kind, {
        threshold: values?.threshold ?? 0,
        amount: values?.amount ?? 0,
        percent: values?.percent ?? 0,
        cap: values?.cap ?? null,
      })
    : "";
  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="threshold" label="Minimum spend" tooltip="Leave empty for no minimum.">
            <InputNumber {...money} />
          </Form.Item>
        </Col>
        {kind === "amount_off" ? (
          <Col span={8}>
            <Form.Item name="amount" label="Amount off" rules={[{ required: true, message: "Set the amount off." }]}>
              <InputNumber {...money} min={0.01} />
            </Form.Item>
          </Col>
        ) : null}
        {kind === "percent_off" ? (
          <>
            <Col span={8}>
              <Form.Item name="percent" label="Percent off" rules={[{ required: true, message: "Set the percent off." }]}>
                <InputNumber min={0.1} max={100} precision={1} suffix="%" style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="cap" label="Discount cap" tooltip="The most one coupon takes off; empty for no cap.">
                <InputNumber {...money} min={0.01} />
              </Form.Item>
            </Col>
          </>
        ) : null}
      </Row>
      {sentence ? (
        <Typography.Paragraph type="secondary" data-testid="terms-sentence">
          Members see: <Typography.Text strong>{sentence}</Typography.Text>
        </Typography.Paragraph>
      ) : null}
    </>
  );
}
