import "./templates.css";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Tabs } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { listMessageTemplates, type MessageTemplate } from "../../api/messaging";
import { useSession } from "../../auth/useSession";
import { ListCard } from "../../components/ListCard";
import { PageHeader } from "../../layout/PageHeader";
import { MessageLog } from "./MessageLog";
import { TemplateEditorDrawer } from "./TemplateEditorDrawer";
import { templateColumns } from "./templateColumns";

type Editing = { template?: MessageTemplate } | null;

/** Message templates per channel, and the log of messages sent with them. */
export function TemplatesPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Editing>(null);
  const query = useQuery({
    queryKey: ["message-templates"],
    queryFn: ({ signal }) => listMessageTemplates(signal).then((d) => d.templates),
  });
  const canWrite = user?.role === "admin" || user?.role === "marketer";
  const tab = params.get("tab") === "messages" ? "messages" : "templates";
  return (
    <>
      <PageHeader
        title="Templates 模板"
        subtitle="Message templates for SMS, email, push, the in-app inbox and webhooks, and the delivery of every message."
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              New template
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "messages" ? { tab: "messages" } : {})}
        items={[
          {
            key: "templates",
            label: "Templates",
            children: (
              <ListCard<MessageTemplate>
                query={query}
                columns={templateColumns}
                rowKey="key"
                emptyTitle="No message templates yet"
                emptyText="Message templates hold the subject and body a journey sends on each channel, personalised with member fields, coupons and points. Marketing SMS templates get the unsubscribe line added."
                onRowClick={(row) => setEditing({ template: row })}
              />
            ),
          },
          { key: "messages", label: "Message log", children: <MessageLog /> },
        ]}
      />
      <TemplateEditorDrawer
        open={editing !== null}
        template={editing?.template}
        readOnly={!canWrite}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
