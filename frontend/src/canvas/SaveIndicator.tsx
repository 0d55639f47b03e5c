import { CheckCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined, LoadingOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import { ApiError } from "../api/client";
import type { SaveState } from "./useAutosave";

const LOOK: Record<SaveState, { color: string; icon: JSX.Element; text: string }> = {
  saved: { color: "success", icon: <CheckCircleOutlined />, text: "Draft saved" },
  unsaved: { color: "default", icon: <CloudUploadOutlined />, text: "Unsaved changes" },
  saving: { color: "processing", icon: <LoadingOutlined />, text: "Saving…" },
  error: { color: "error", icon: <ExclamationCircleOutlined />, text: "Not saved" },
  conflict: { color: "warning", icon: <ExclamationCircleOutlined />, text: "Not saved: changed elsewhere" },
};

/** Whether the draft on screen is what the server has. */
export function SaveIndicator({ state, error, savedAt }: { state: SaveState; error: unknown; savedAt: Date | null }) {
  const look = LOOK[state];
  const detail =
    state === "error" || state === "conflict"
      ? error instanceof ApiError
        ? [error.message, ...error.errors.map((e) => `${e.field}: ${e.message}`)].join(" ")
        : "The server could not be reached."
      : savedAt
        ? `Last saved at ${savedAt.toLocaleTimeString()}`
        : "Changes are saved as a draft automatically.";
  return (
    <Tooltip title={detail}>
      <Tag color={look.color} icon={look.icon} data-testid="save-state" data-state={state}>
        {look.text}
      </Tag>
    </Tooltip>
  );
}
