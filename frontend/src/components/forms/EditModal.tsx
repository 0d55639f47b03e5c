import { Modal } from "antd";
import type { ReactNode } from "react";
import { ErrorAlert } from "../ErrorAlert";

interface Props {
  open: boolean;
  title: string;
  okText: string;
  onOk: () => void;
  onCancel: () => void;
  saving: boolean;
  /** The last save's error, shown above the form. */
  error: unknown;
  /** Wide enough for two columns by default. */
  width?: number;
  children: ReactNode;
}

/** The modal shell of a create-or-edit form: its save button, and the save's error on top. */
export function EditModal({ open, title, okText, onOk, onCancel, saving, error, width = 680, children }: Props) {
  return (
    <Modal
      title={title}
      open={open}
      width={width}
      okText={okText}
      onOk={onOk}
      onCancel={onCancel}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error ? (
        <div className="form-alert">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {children}
    </Modal>
  );
}
