import { DownloadOutlined } from "@ant-design/icons";
import { Button, DatePicker, Select, Space, Typography } from "antd";
import dayjs from "dayjs";
import type { ReportParams } from "../api/reports";
import { WINDOW_CHOICES } from "./figures";

interface Props {
  params: ReportParams;
  /** The window the report was computed with (the journey's own unless one is chosen). */
  windowDays: number | undefined;
  csvHref: string;
  onChange: (params: ReportParams) => void;
}

const DAY = "YYYY-MM-DD";

/** The period (UTC days), the attribution window and the CSV download of the same figures. */
export function ReportFilters({ params, windowDays, csvHref, onChange }: Props) {
  const windowOptions = [
    { value: 0, label: params.window_days ? "Journey's window" : `Journey's window (${windowDays ?? "…"} days)` },
    ...WINDOW_CHOICES.map((days) => ({ value: days, label: `${days}-day window` })),
  ];
  return (
    <Space className="report-filters" size={12} wrap>
      <Space size={6}>
        <Typography.Text type="secondary">Period</Typography.Text>
        <DatePicker.RangePicker
          aria-label="Period"
          allowEmpty={[true, true]}
          value={[params.from ? dayjs(params.from, DAY) : null, params.to ? dayjs(params.to, DAY) : null]}
          placeholder={["Journey start", "Today"]}
          onChange={(range) =>
            onChange({
              ...params,
              from: range?.[0] ? range[0].format(DAY) : null,
              to: range?.[1] ? range[1].format(DAY) : null,
            })
          }
        />
      </Space>
      <Space size={6}>
        <Typography.Text type="secondary">Attribution</Typography.Text>
        <Select
          aria-label="Attribution window"
          data-testid="window-select"
          style={{ width: 220 }}
          value={params.window_days ?? 0}
          options={windowOptions}
          onChange={(value: number) => onChange({ ...params, window_days: value || null })}
        />
      </Space>
      <Button icon={<DownloadOutlined />} href={csvHref} download>
        Download CSV
      </Button>
    </Space>
  );
}
