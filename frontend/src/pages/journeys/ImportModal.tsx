import { InboxOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Modal, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { importJourney, validateDocument, type ImportResult } from "../../api/journeys";
import type { Violation } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ViolationList } from "./ViolationList";

interface Props {
  open: boolean;
  onClose: () => void;
  onImported: (result: ImportResult) => void;
}

interface Checked {
  fileName: string;
  body: unknown;
  violations: Violation[];
}

/** Import a journey or bundle file (admins): pick or drop it, see its problems, then import it as a draft. */
export function ImportModal({ open, onClose, onImported }: Props) {
  const [checked, setChecked] = useState<Checked | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: async (file: File) => {
      const text = await file.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new Error(`${file.name} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      const { violations } = await validateDocument(body);
      return { fileName: file.name, body, violations };
    },
    onMutate: () => {
      setChecked(null);
      setReadError(null);
    },
    onSuccess: setChecked,
    onError: (err) => setReadError(err instanceof Error ? err.message : String(err)),
  });
  const run = useMutation({ mutationFn: (body: unknown) => importJourney(body, false), onSuccess: onImported });
  const errors = checked?.violations.filter((v) => v.severity === "error").length ?? 0;
  const close = () => {
    setChecked(null);
    setReadError(null);
    run.reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      width={720}
      title="Import a journey"
      okText="Import as draft"
      okButtonProps={{ disabled: !checked || errors > 0, loading: run.isPending }}
      onOk={() => checked && run.mutate(checked.body)}
      onCancel={close}
      destroyOnHidden
    >
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <Upload.Dragger
          accept=".json,application/json"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            check.mutate(file);
            return false;
          }}
          data-testid="import-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">Drop a journey JSON file here, or click to pick one</p>
          <p className="ant-upload-hint">A document or a bundle (with its audiences and templates), as exported. Nothing is written until you import.</p>
        </Upload.Dragger>
        {check.isPending ? <Alert type="info" showIcon message="Checking the file…" /> : null}
        {readError ? <Alert type="error" showIcon message={readError} /> : null}
        {checked ? (
          <>
            <Typography.Text strong>{checked.fileName}</Typography.Text>
            <ViolationList violations={checked.violations} />
          </>
        ) : null}
        {run.error ? <ErrorAlert error={run.error} /> : null}
      </Space>
    </Modal>
  );
}
