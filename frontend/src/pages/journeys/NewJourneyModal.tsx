import { useMutation } from "@tanstack/react-query";
import { Form, Input, Modal } from "antd";
import { useEffect, useState } from "react";
import { createJourney, duplicateJourney, type VersionDetail } from "../../api/journeys";
import { ErrorAlert } from "../../components/ErrorAlert";

/** Lower-case key from a name: "Welcome series 2" → "welcome-series-2". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
}

interface Props {
  open: boolean;
  /** When set, the new journey copies this one's newest version. */
  source: { key: string; name: string } | null;
  onClose: () => void;
  onCreated: (result: VersionDetail) => void;
}

/** Create an empty journey, or duplicate one, under a new key. */
export function NewJourneyModal({ open, source, onClose, onCreated }: Props) {
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyEdited, setKeyEdited] = useState(false);
  const mutation = useMutation({
    mutationFn: () => (source ? duplicateJourney(source.key, { key, name }) : createJourney({ key, name })),
    onSuccess: onCreated,
  });
  useEffect(() => {
    if (!open) return;
    const initial = source ? `${source.name} (copy)` : "";
    setName(initial);
    setKey(source ? `${source.key}-copy` : "");
    setKeyEdited(false);
    mutation.reset();
  }, [open, source]);
  return (
    <Modal
      open={open}
      title={source ? `Duplicate “${source.name}”` : "New journey"}
      okText={source ? "Duplicate" : "Create"}
      okButtonProps={{ disabled: !name.trim() || !key, loading: mutation.isPending }}
      onOk={() => mutation.mutate()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="Name" required>
          <Input
            aria-label="Journey name"
            autoFocus
            value={name}
            maxLength={200}
            onChange={(e) => {
              setName(e.target.value);
              if (!keyEdited) setKey(slugify(e.target.value));
            }}
          />
        </Form.Item>
        <Form.Item label="Key" required extra="Stable id across environments: lower-case letters, digits, - and _.">
          <Input
            aria-label="Journey key"
            className="mono"
            value={key}
            maxLength={100}
            onChange={(e) => {
              setKey(e.target.value);
              setKeyEdited(true);
            }}
          />
        </Form.Item>
      </Form>
      {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
    </Modal>
  );
}
