import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Select } from "antd";
import { fieldErrors } from "../../api/formErrors";
import { createUser, type NewUser } from "../../api/users";
import { EditModal } from "../../components/forms/EditModal";
import { ROLE_OPTIONS } from "./roles";

const FIELDS = ["email", "name", "password", "role"] as const;

export function NewUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<NewUser>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: createUser,
    onSuccess: ({ user }) => {
      message.success(`${user.email} can now sign in.`);
      client.invalidateQueries({ queryKey: ["users"] });
      form.resetFields();
      onClose();
    },
    onError: (error) => form.setFields(fieldErrors(error, FIELDS)),
  });
  return (
    <EditModal
      title="Add user"
      open={open}
      okText="Add user"
      onOk={() => form.submit()}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      saving={create.isPending}
      error={create.error}
      width={520}
    >
      <Form<NewUser>
        form={form}
        layout="vertical"
        initialValues={{ role: "marketer" }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="email" label="Email" rules={[{ required: true, type: "email", message: "Enter a valid email address." }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="Name">
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label="Password"
          rules={[{ required: true, min: 10, message: "Use at least 10 characters." }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label="Role" rules={[{ required: true }]}>
          <Select options={ROLE_OPTIONS} />
        </Form.Item>
      </Form>
    </EditModal>
  );
}
