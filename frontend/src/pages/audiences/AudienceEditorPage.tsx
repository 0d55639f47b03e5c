import { useQuery } from "@tanstack/react-query";
import { Card, Skeleton } from "antd";
import { useParams, useSearchParams } from "react-router";
import { getAudience, getConditionFields, type RuleNode } from "../../api/audiences";
import { asRootGroup } from "../../audiences/ruleTree";
import { useSession } from "../../auth/useSession";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PageHeader } from "../../layout/PageHeader";
import { AudienceEditor } from "./AudienceEditor";
import { newAudienceFromParams } from "./newAudience";

/** /audiences/new (optionally ?segment=<RFM segment>) and /audiences/<key>. */
export function AudienceEditorPage() {
  const { key } = useParams();
  const [params] = useSearchParams();
  const { user } = useSession();
  const isNew = key === undefined;
  const fields = useQuery({ queryKey: ["audience-fields"], queryFn: ({ signal }) => getConditionFields(signal), staleTime: Infinity });
  const audience = useQuery({
    queryKey: ["audience", key],
    queryFn: ({ signal }) => getAudience(key ?? "", signal),
    enabled: !isNew,
  });
  const error = fields.error ?? audience.error;
  if (error) {
    return (
      <>
        <PageHeader title={isNew ? "New audience" : key} />
        <ErrorAlert error={error} />
      </>
    );
  }
  if (!fields.data || (!isNew && !audience.data)) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  const initial = isNew
    ? newAudienceFromParams(params)
    : { ...audience.data!, rules: asRootGroup(audience.data!.rules as RuleNode) };
  return (
    <AudienceEditor
      key={key ?? "new"}
      initial={initial}
      isNew={isNew}
      kinds={fields.data.conditions}
      canEdit={user?.role !== "viewer"}
    />
  );
}
