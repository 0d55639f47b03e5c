import { Alert, Button, Space } from "antd";
import type { DraftConflict } from "../api/journeys";

/** Someone else saved this draft after it was opened here: reload theirs, or keep this one. */
export function ConflictBanner({ conflict, onKeepMine, onReload }: { conflict: DraftConflict; onKeepMine: () => void; onReload: () => void }) {
  const who = conflict.saved_by ?? "Someone else";
  const when = conflict.saved_at ? ` at ${new Date(conflict.saved_at).toLocaleTimeString()}` : "";
  return (
    <Alert
      type="warning"
      showIcon
      banner
      data-testid="draft-conflict"
      message="Someone else changed this draft — reload or keep yours"
      description={`${who} saved version ${conflict.number}${when}, after you opened it. Your changes since are not saved. Reload to see theirs (yours are dropped), or keep yours (theirs are replaced).`}
      action={
        <Space direction="vertical">
          <Button size="small" onClick={onReload}>
            Reload
          </Button>
          <Button size="small" type="primary" danger onClick={onKeepMine}>
            Keep mine
          </Button>
        </Space>
      }
    />
  );
}
