import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Form, Input } from "antd";
import { fieldErrors } from "../../api/formErrors";
import { createToken } from "../../api/users";
import { EditModal } from "../../components/forms/EditModal";
import { CheckboxList } from "../../components/forms/CheckboxList";

interface Values {
  name: string;
  scopes: string[];
}

interface Props {
  open: boolean;
  scopes: string[];
  onClose: () => void;
  onCreated: (name: string, secret: string) => void;
}

export function NewTokenModal({ open, scopes, onClose, onCreated }: Props) {
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (values: Values) => createToken(values.name, values.scopes),
    onSuccess: ({ token, secret }) => {
      client.invalidateQueries({ queryKey: ["tokens"] });
      form.resetFields();
      onCreated(token.name, secret);
    },
    onError: (error) => form.setFields(fieldErrors(error, ["name", "scopes"] as const)),
  });
  return (
    <EditModal
      title="New API token"
      open={open}
      okText="Create token"
      onOk={() => form.submit()}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      saving={create.isPending}
      error={create.error}
      width={520}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item
          name="name"
          label="Name"
          extra="Which system uses it, e.g. Shop backend or POS."
          rules={[{ required: true, message: "Name the system that will use this token." }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="scopes" label="Scopes" rules={[{ required: true, message: "Choose at least one scope." }]}>
          <CheckboxList options={scopes.map((s) => ({ value: s, label: <span className="mono">{s}</span> }))} />
        </Form.Item>
      </Form>
    </EditModal>
  );
}
