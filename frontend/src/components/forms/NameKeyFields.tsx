import { Col, Form, Input, Row } from "antd";

interface Props {
  /** What is named, as the messages say it: "template", "reward". */
  noun: string;
  namePlaceholder: string;
  keyPlaceholder: string;
  keyTooltip?: string;
  /** The key of an existing thing cannot change. */
  keyLocked: boolean;
}

/** The name and key row every catalogue form starts with. */
export function NameKeyFields({ noun, namePlaceholder, keyPlaceholder, keyTooltip, keyLocked }: Props) {
  return (
    <Row gutter={16}>
      <Col span={14}>
        <Form.Item name="name" label="Name" rules={[{ required: true, message: `Give the ${noun} a name.` }]}>
          <Input placeholder={namePlaceholder} />
        </Form.Item>
      </Col>
      <Col span={10}>
        <Form.Item
          name="key"
          label="Key"
          tooltip={keyTooltip}
          rules={[
            { required: true, message: `Give the ${noun} a key.` },
            { pattern: /^[a-z0-9][a-z0-9_.-]*$/, message: "Lower-case letters, digits, _ . - only." },
          ]}
        >
          <Input className="mono" placeholder={keyPlaceholder} disabled={keyLocked} />
        </Form.Item>
      </Col>
    </Row>
  );
}
