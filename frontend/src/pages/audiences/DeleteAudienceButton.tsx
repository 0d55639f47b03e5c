import { DeleteOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm } from "antd";
import { deleteAudience } from "../../api/audiences";

interface Props {
  audienceKey: string;
  name: string;
  onDeleted?: () => void;
  compact?: boolean;
}

/** Delete an audience after a confirmation; the server's refusal is shown as it was said. */
export function DeleteAudienceButton({ audienceKey, name, onDeleted, compact = false }: Props) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const remove = useMutation({
    mutationFn: () => deleteAudience(audienceKey),
    onSuccess: () => {
      message.success(`Deleted ${name}`);
      client.removeQueries({ queryKey: ["audience", audienceKey] });
      onDeleted?.();
      return client.invalidateQueries({ queryKey: ["audiences"] });
    },
    onError: (error) => message.error(error.message),
  });
  return (
    <span onClick={(e) => e.stopPropagation()}>
    <Popconfirm
      title={`Delete ${name}?`}
      description="Journeys that use this audience will no longer find it."
      okText="Delete"
      okButtonProps={{ danger: true }}
      onConfirm={() => remove.mutateAsync().catch(() => undefined)}
    >
      <Button
        danger
        type={compact ? "text" : "default"}
        size={compact ? "small" : "middle"}
        icon={<DeleteOutlined />}
        loading={remove.isPending}
        aria-label={`Delete ${name}`}
      >
        {compact ? null : "Delete"}
      </Button>
    </Popconfirm>
    </span>
  );
}
