import { Card, Form, Input } from "antd";
import type { FormFieldError } from "../../api/formErrors";

export interface AudienceDetails {
  key: string;
  name: string;
  description: string;
}

export type DetailField = keyof AudienceDetails;

interface Props {
  details: AudienceDetails;
  isNew: boolean;
  readOnly: boolean;
  errors: FormFieldError<DetailField>[];
  onChange: (change: Partial<AudienceDetails>) => void;
}

/** Name, key and description of the audience; the key is fixed once saved. */
export function DetailsCard({ details, isNew, readOnly, errors, onChange }: Props) {
  const errorOf = (field: DetailField) => errors.find((e) => e.name === field)?.errors.join(" ");
  const item = (field: DetailField) => ({
    validateStatus: errorOf(field) ? ("error" as const) : undefined,
    help: errorOf(field),
  });
  return (
    <Card title="Details" size="small" className="audience-details">
      <Form layout="vertical" requiredMark="optional" disabled={readOnly}>
        <div className="details-grid">
          <Form.Item label="Name" htmlFor="audience-name" required {...item("name")}>
            <Input id="audience-name" value={details.name} maxLength={200} onChange={(e) => onChange({ name: e.target.value })} placeholder="Gold members who stopped ordering" />
          </Form.Item>
          <Form.Item
            label="Key"
            htmlFor="audience-key"
            required
            {...item("key")}
            help={errorOf("key") ?? (isNew ? "Journeys refer to the audience by this key; it cannot change later." : undefined)}
          >
            <Input id="audience-key" value={details.key} disabled={!isNew || readOnly} className="mono" onChange={(e) => onChange({ key: e.target.value.trim() })} placeholder="gold-lapsed" />
          </Form.Item>
        </div>
        <Form.Item label="Description" htmlFor="audience-description" {...item("description")} style={{ marginBottom: 0 }}>
          <Input.TextArea id="audience-description" value={details.description} maxLength={5000} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(e) => onChange({ description: e.target.value })} placeholder="What the audience is for" />
        </Form.Item>
      </Form>
    </Card>
  );
}
