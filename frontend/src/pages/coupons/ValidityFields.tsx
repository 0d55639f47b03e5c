import { Col, DatePicker, Form, InputNumber, Radio, Row } from "antd";
import type { TemplateFormValues } from "./terms";

/** Validity as N days after grant, or a fixed window. */
export function ValidityFields() {
  const form = Form.useFormInstance<TemplateFormValues>();
  const mode = Form.useWatch("validityMode", form);
  return (
    <Row gutter={16}>
      <Col span={10}>
        <Form.Item name="validityMode" label="Validity">
          <Radio.Group
            optionType="button"
            options={[
              { value: "days", label: "Days after grant" },
              { value: "window", label: "Fixed window" },
            ]}
          />
        </Form.Item>
      </Col>
      <Col span={14}>
        {mode === "window" ? (
          <Form.Item name="window" label="Valid from – to" rules={[{ required: true, message: "Choose the window." }]}>
            <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="days_after_grant"
            label="Days valid"
            rules={[{ required: true, message: "Set how many days a coupon stays valid." }]}
          >
            <InputNumber min={1} max={3650} precision={0} suffix="days" style={{ width: "100%" }} />
          </Form.Item>
        )}
      </Col>
    </Row>
  );
}
