import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useState } from "react";
import { listMembers } from "../../api/members";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";

interface Props {
  value?: number;
  onChange: (id: number | undefined) => void;
}

/** Pick a member by name, phone, email or external id. */
export function MemberSelect({ value, onChange }: Props) {
  const [search, setSearch] = useState("");
  const needle = useDebouncedValue(search, 250);
  const query = useQuery({
    queryKey: ["member-search", needle],
    queryFn: ({ signal }) => listMembers({ q: needle, limit: 10 }, signal),
  });
  const options = (query.data?.members ?? []).map((m) => ({
    value: m.id,
    label: `${m.name ?? "Unnamed"} · ${m.external_id}${m.phone ? ` · ${m.phone}` : ""}`,
  }));
  return (
    <Select
      showSearch
      allowClear
      aria-label="Preview member"
      placeholder="Sample member (search to choose a real one)"
      filterOption={false}
      onSearch={setSearch}
      value={value}
      onChange={(id?: number) => onChange(id)}
      options={options}
      loading={query.isFetching}
      notFoundContent={query.isFetching ? "Searching…" : "No member matches"}
      style={{ width: "100%" }}
    />
  );
}
