import { Divider, Drawer, Form, Input, InputNumber, Select, Space, Switch, TimePicker } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import type { JourneySettings } from "../../api/journeys";
import type { DocumentHeader } from "../convert";

const EVENT_TYPES = ["registered", "login", "page_view", "cart_add", "cart_abandoned", "order_paid", "referral", "custom"];
const CHANNELS: [string, string, number | null][] = [
  ["email", "Email", 2],
  ["sms", "SMS", 1],
  ["push", "Push", 3],
  ["inapp", "In-app inbox", null],
];
const RESUME_SENDS = [
  { value: "send", label: "Send them late" },
  { value: "skip", label: "Skip them (the member moves on)" },
];
const PAUSED_EVENTS = [
  { value: "hold", label: "Hold them: they enter on resume" },
  { value: "drop", label: "Drop them" },
];
const REENTRY = [
  { value: "never", label: "Never: once per member" },
  { value: "after_exit", label: "After they left the journey" },
  { value: "always", label: "Always, even while inside" },
];

interface Props {
  open: boolean;
  header: DocumentHeader;
  readOnly: boolean;
  onClose: () => void;
  onChange: (header: DocumentHeader, field: string) => void;
}

const time = (v: string | undefined) => (v ? dayjs(`2000-01-01T${v}`) : null);

/** Journey-wide settings: name, entry and re-entry, goal and window, timezone, quiet hours, caps,
 * and what happens to sends that fell due while the journey was paused. */
export function SettingsDrawer({ open, header, readOnly, onClose, onChange }: Props) {
  const settings = header.settings ?? {};
  const timezones = useMemo(() => Intl.supportedValuesOf("timeZone").map((z) => ({ value: z, label: z })), []);
  const set = (patch: Partial<JourneySettings>, field: string) => onChange({ ...header, settings: { ...settings, ...patch } }, field);
  const entry = settings.entry ?? {};
  const goal = settings.goal ?? null;
  const caps = settings.frequency_caps ?? {};
  const quiet = settings.quiet_hours ?? null;
  return (
    <Drawer title="Journey settings" width={440} open={open} onClose={onClose} data-testid="settings-drawer">
      <Form layout="vertical" disabled={readOnly}>
        <Form.Item label="Name" required>
          <Input aria-label="Journey name" value={header.name} maxLength={200} onChange={(e) => onChange({ ...header, name: e.target.value }, "name")} />
        </Form.Item>
        <Form.Item label="Description">
          <Input.TextArea value={header.description} autoSize={{ minRows: 2, maxRows: 5 }} onChange={(e) => onChange({ ...header, description: e.target.value }, "description")} />
        </Form.Item>
        <Divider orientation="left">Entry</Divider>
        <Form.Item label="Re-entry">
          <Select aria-label="Re-entry" value={entry.reentry ?? "never"} options={REENTRY} onChange={(v) => set({ entry: { ...entry, reentry: v } }, "reentry")} />
        </Form.Item>
        <Space size={16}>
          <Form.Item label="Cool-down (days)">
            <InputNumber min={0} max={3650} value={entry.cooldown_days ?? null} onChange={(v) => set({ entry: { ...entry, cooldown_days: v } }, "cooldown")} />
          </Form.Item>
          <Form.Item label="Entries per member at most">
            <InputNumber min={1} max={1000} value={entry.max_entries_per_member ?? null} onChange={(v) => set({ entry: { ...entry, max_entries_per_member: v } }, "max_entries")} />
          </Form.Item>
        </Space>
        <Divider orientation="left">Goal</Divider>
        <Form.Item label="Track a conversion goal">
          <Switch
            checked={Boolean(goal)}
            onChange={(on) => set({ goal: on ? { event_type: "order_paid", where: [], conversion_window_days: 7, exit_on_goal: true } : null }, "goal")}
          />
        </Form.Item>
        {goal ? (
          <>
            <Space size={16} align="start">
              <Form.Item label="Goal event">
                <Select style={{ width: 180 }} value={goal.event_type} options={EVENT_TYPES.map((e) => ({ value: e, label: e }))} onChange={(v) => set({ goal: { ...goal, event_type: v } }, "goal_event")} />
              </Form.Item>
              <Form.Item label="Window (days)">
                <InputNumber min={1} max={365} value={goal.conversion_window_days} onChange={(v) => set({ goal: { ...goal, conversion_window_days: v ?? 1 } }, "goal_window")} />
              </Form.Item>
            </Space>
            <Form.Item label="Members leave when they convert">
              <Switch checked={goal.exit_on_goal ?? true} onChange={(v) => set({ goal: { ...goal, exit_on_goal: v } }, "exit_on_goal")} />
            </Form.Item>
          </>
        ) : null}
        <Divider orientation="left">Time</Divider>
        <Form.Item label="Timezone" tooltip="Schedules run in this timezone; member-time nodes use each member's own">
          <Select showSearch value={settings.timezone ?? "Asia/Shanghai"} options={timezones} onChange={(v) => set({ timezone: v }, "timezone")} />
        </Form.Item>
        <Form.Item label="Quiet hours" tooltip="Messages due inside this window wait until it ends">
          <Space>
            <Switch checked={Boolean(quiet)} onChange={(on) => set({ quiet_hours: on ? { start: "22:00", end: "08:00" } : null }, "quiet")} />
            {quiet ? (
              <>
                <TimePicker format="HH:mm" needConfirm={false} allowClear={false} value={time(quiet.start)} onChange={(v) => v && set({ quiet_hours: { ...quiet, start: v.format("HH:mm") } }, "quiet_start")} />
                to
                <TimePicker format="HH:mm" needConfirm={false} allowClear={false} value={time(quiet.end)} onChange={(v) => v && set({ quiet_hours: { ...quiet, end: v.format("HH:mm") } }, "quiet_end")} />
              </>
            ) : null}
          </Space>
        </Form.Item>
        <Form.Item label="Sends due during a pause" tooltip="Members whose wait ended while the journey was paused move on when it resumes; their messages go out late, or are skipped and recorded as such">
          <Select
            aria-label="Sends due during a pause"
            value={settings.resume_sends === "skip" ? "skip" : "send"}
            options={RESUME_SENDS}
            onChange={(v) => set({ resume_sends: v }, "resume_sends")}
          />
        </Form.Item>
        <Form.Item label="Events while paused" tooltip="Events that would enter members while the journey is paused: held and entered when it resumes, or dropped">
          <Select
            aria-label="Events while paused"
            value={settings.paused_events === "drop" ? "drop" : "hold"}
            options={PAUSED_EVENTS}
            onChange={(v) => set({ paused_events: v }, "paused_events")}
          />
        </Form.Item>
        <Divider orientation="left">Messages per member per day</Divider>
        <Space size={12} wrap>
          {CHANNELS.map(([channel, label, fallback]) => (
            <Form.Item key={channel} label={label}>
              <InputNumber
                min={0}
                max={100}
                style={{ width: 92 }}
                placeholder={fallback == null ? "no cap" : `${fallback}`}
                value={caps[channel] ?? null}
                onChange={(v) => {
                  const next = { ...caps };
                  if (v == null) delete next[channel];
                  else next[channel] = v;
                  set({ frequency_caps: next }, `cap_${channel}`);
                }}
              />
            </Form.Item>
          ))}
        </Space>
        <Form.Item label="Priority" tooltip="When messages of several journeys reach a member's channel cap, the journey with the higher priority (0-100) sends first">
          <InputNumber
            aria-label="Priority"
            min={0}
            max={100}
            value={typeof settings.priority === "number" ? settings.priority : 50}
            onChange={(v) => set({ priority: v ?? 50 }, "priority")}
          />
        </Form.Item>
        <Form.Item
          label="Send rate"
          tooltip="Messages this journey sends per minute at most, all channels together; the rest wait for the next minute. Empty: only the channels' own rates apply."
        >
          <InputNumber
            aria-label="Messages per minute"
            min={1}
            max={1000000}
            placeholder="No limit"
            addonAfter="per minute"
            value={typeof settings.send_rate_per_minute === "number" ? settings.send_rate_per_minute : null}
            onChange={(v) => set({ send_rate_per_minute: typeof v === "number" ? v : null }, "send_rate")}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
