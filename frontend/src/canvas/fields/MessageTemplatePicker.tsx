import { useQuery } from "@tanstack/react-query";
import { Card, Select, Skeleton, Typography } from "antd";
import { api } from "../../api/client";
import { listMessageTemplates } from "../../api/catalog";
import { ErrorAlert } from "../../components/ErrorAlert";
import type { FieldProps } from "./types";

interface Preview {
  channel: string;
  subject: string | null;
  body: string;
}

/** A message template of the node's channel, with a preview rendered by the server for a sample member. */
export function MessageTemplatePicker({ name, value, onChange, config, disabled }: FieldProps) {
  const channel = typeof config.channel === "string" ? config.channel : undefined;
  const query = useQuery({ queryKey: ["message-templates"], queryFn: ({ signal }) => listMessageTemplates(signal).then((d) => d.templates) });
  const key = typeof value === "string" ? value : undefined;
  const known = Boolean(key && query.data?.some((t) => t.key === key));
  const preview = useQuery({
    queryKey: ["message-template-preview", key],
    enabled: known,
    queryFn: () => api.post<Preview>(`/api/message-templates/${encodeURIComponent(key ?? "")}/preview`, {}),
  });
  const options = (query.data ?? []).filter((t) => !channel || t.channel === channel);
  return (
    <>
      <Select
        aria-label={name}
        showSearch
        loading={query.isLoading}
        placeholder={channel ? `Choose a ${channel} template` : "Choose a template"}
        value={key}
        disabled={disabled}
        onChange={onChange}
        optionFilterProp="search"
        options={options.map((t) => ({ value: t.key, search: `${t.name} ${t.key}`, label: `${t.name} (${t.key})` }))}
      />
      {known ? (
        <Card size="small" className="template-preview" title="Preview (sample member)">
          {preview.isLoading ? <Skeleton active paragraph={{ rows: 2 }} title={false} /> : null}
          {preview.error ? <ErrorAlert error={preview.error} /> : null}
          {preview.data ? (
            <>
              {preview.data.subject ? <Typography.Text strong>{preview.data.subject}</Typography.Text> : null}
              <div className="template-body">{preview.data.body}</div>
            </>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
