import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { listAudiences } from "../../api/catalog";
import { formatNumber } from "../../format/format";
import type { FieldProps } from "./types";

/** A saved audience, shown with its last known size. */
export function AudiencePicker({ name, value, onChange, disabled, nullable }: FieldProps) {
  const query = useQuery({ queryKey: ["audiences"], queryFn: ({ signal }) => listAudiences(signal).then((d) => d.audiences) });
  return (
    <Select
      aria-label={name}
      showSearch
      allowClear={nullable}
      loading={query.isLoading}
      status={query.error ? "error" : undefined}
      placeholder={query.error ? "Audiences could not be loaded" : "Choose an audience"}
      value={typeof value === "string" ? value : undefined}
      disabled={disabled}
      onChange={(v) => onChange(v ?? null)}
      optionFilterProp="search"
      options={(query.data ?? []).map((a) => ({
        value: a.key,
        search: `${a.name} ${a.key}`,
        label: (
          <span className="picker-option">
            <span>{a.name}</span>
            <span className="muted">{a.last_size == null ? "size not computed" : `${formatNumber(a.last_size)} members`}</span>
          </span>
        ),
      }))}
    />
  );
}
