import { SearchOutlined } from "@ant-design/icons";
import { Input, Select, Space } from "antd";
import { useEffect, useRef, useState } from "react";
import { TIERS } from "../../components/TierTag";
import { humanize } from "../../format/format";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";

interface Props {
  q: string;
  tier: string;
  onChange: (next: { q: string; tier: string }) => void;
}

/** A search box (applied once typing pauses) and a tier filter. */
export function MemberFilters({ q, tier, onChange }: Props) {
  const [text, setText] = useState(q);
  const debounced = useDebouncedValue(text, 350);
  const applied = useRef(debounced);

  useEffect(() => {
    if (debounced === applied.current) {
      return;
    }
    applied.current = debounced;
    if (debounced.trim() !== q.trim()) {
      onChange({ q: debounced, tier });
    }
  }, [debounced, q, tier, onChange]);

  useEffect(() => {
    if (q.trim() !== applied.current.trim()) {
      applied.current = q;
      setText(q);
    }
  }, [q]);

  return (
    <Space wrap className="toolbar">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder="Search name, phone, email or member ID"
        aria-label="Search members"
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ width: 340 }}
      />
      <Select
        allowClear
        placeholder="All tiers"
        aria-label="Tier"
        value={tier || undefined}
        onChange={(value?: string) => onChange({ q: text, tier: value ?? "" })}
        options={TIERS.map((t) => ({ value: t, label: humanize(t) }))}
        style={{ width: 160 }}
      />
    </Space>
  );
}
