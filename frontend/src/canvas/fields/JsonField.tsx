import { Input, Typography } from "antd";
import { useEffect, useState } from "react";
import type { FieldProps } from "./types";

/** Structured values (rules, conditions, headers) edited as JSON; kept until the text parses. */
export function JsonField({ name, value, onChange, disabled }: FieldProps) {
  const serialized = value === undefined ? "" : JSON.stringify(value, null, 2);
  const [text, setText] = useState(serialized);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setText((current) => {
      try {
        return JSON.stringify(JSON.parse(current)) === JSON.stringify(value) ? current : serialized;
      } catch {
        return current;
      }
    });
  }, [serialized, value]);
  return (
    <>
      <Input.TextArea
        aria-label={name}
        className="mono"
        value={text}
        disabled={disabled}
        autoSize={{ minRows: 2, maxRows: 10 }}
        status={problem ? "error" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(e.target.value.trim() === "" ? null : JSON.parse(e.target.value));
            setProblem(null);
          } catch (err) {
            setProblem(err instanceof Error ? err.message : "Not JSON");
          }
        }}
      />
      {problem ? <Typography.Text type="danger">Not valid JSON yet: {problem}</Typography.Text> : null}
    </>
  );
}
