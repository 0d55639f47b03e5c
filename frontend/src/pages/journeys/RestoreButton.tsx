import { RollbackOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm } from "antd";
import { useNavigate } from "react-router";
import { saveDraft, type JourneyDocument, type VersionInfo } from "../../api/journeys";

/** Put an older version's journey back as the draft, to edit and publish again; a draft
 *  being edited is replaced (the dialog says so), published versions stay as they are. */
export function RestoreButton({
  journeyKey,
  version,
  newest,
}: {
  journeyKey: string;
  version: VersionInfo & { document: JourneyDocument };
  newest: VersionInfo;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const restore = useMutation({
    mutationFn: () => saveDraft(journeyKey, version.document, newest.revision),
    onSuccess: (saved) => {
      // Dropped, not just marked stale: the editor starts from what it loads, and must not
      // start from the draft this replaced.
      client.removeQueries({ queryKey: ["journey", journeyKey] });
      void message.success(`Version ${version.number} is the draft now, as version ${saved.version.number}.`);
      navigate(`/journeys/${encodeURIComponent(journeyKey)}`);
    },
    onError: (error: Error) => void message.error(error.message),
  });
  const replaces = newest.status === "draft";
  return (
    <Popconfirm
      title={`Restore version ${version.number} as a new draft?`}
      description={
        replaces
          ? `This replaces the draft (version ${newest.number}); published versions stay as they are.`
          : "The running version keeps running until you publish the draft."
      }
      okText="Restore"
      onConfirm={() => restore.mutate()}
    >
      <Button icon={<RollbackOutlined />} loading={restore.isPending} disabled={version.number === newest.number}>
        Restore v{version.number} as a new draft
      </Button>
    </Popconfirm>
  );
}
