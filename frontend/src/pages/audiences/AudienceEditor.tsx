import { SaveOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Row, Space } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { KindDescriptor, RuleNode } from "../../api/audiences";
import { fieldErrors } from "../../api/formErrors";
import { keyFromName } from "../../audiences/keys";
import { RuleBuilder } from "../../audiences/RuleBuilder";
import { ruleErrorsFrom } from "../../audiences/ruleErrors";
import { countConditions } from "../../audiences/ruleTree";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PageHeader } from "../../layout/PageHeader";
import { DeleteAudienceButton } from "./DeleteAudienceButton";
import { DetailsCard, type AudienceDetails, type DetailField } from "./DetailsCard";
import { PreviewCard } from "./PreviewCard";
import { SampleTable } from "./SampleTable";
import { useRulePreview } from "./useRulePreview";
import { useSaveAudience } from "./useSaveAudience";

const DETAIL_FIELDS: DetailField[] = ["key", "name", "description"];

interface Props {
  initial: AudienceDetails & { rules: RuleNode };
  isNew: boolean;
  kinds: KindDescriptor[];
  canEdit: boolean;
}

/** Details, rule builder, live preview and sample of one audience, saved by key. */
export function AudienceEditor({ initial, isNew, kinds, canEdit }: Props) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [details, setDetails] = useState<AudienceDetails>({ key: initial.key, name: initial.name, description: initial.description });
  const [keyTouched, setKeyTouched] = useState(!isNew || initial.key !== "");
  const [tree, setTree] = useState<RuleNode>(initial.rules);
  const preview = useRulePreview(tree, canEdit);
  const save = useSaveAudience(isNew);

  const ruleErrors = preview.pending ? [] : ruleErrorsFrom(preview.query.error);
  const saveRuleErrors = ruleErrorsFrom(save.error);
  const errors = ruleErrors.length ? ruleErrors : saveRuleErrors;

  const changeDetails = (change: Partial<AudienceDetails>) => {
    if (change.key !== undefined) setKeyTouched(true);
    setDetails((d) => {
      const next = { ...d, ...change };
      if (isNew && !keyTouched && change.name !== undefined) next.key = keyFromName(change.name);
      return next;
    });
  };

  const onSave = () =>
    save.mutate(
      { ...details, rules: tree },
      {
        onSuccess: (saved) => {
          message.success(`Saved ${saved.name}: ${saved.last_size?.toLocaleString("en-US") ?? 0} members`);
          if (isNew) navigate(`/audiences/${encodeURIComponent(saved.key)}`, { replace: true });
        },
      },
    );

  const sample = preview.query.data?.sample ?? [];
  return (
    <>
      <PageHeader
        title={isNew ? "New audience" : initial.name}
        subtitle={`${countConditions(tree)} condition${countConditions(tree) === 1 ? "" : "s"} · the size updates as you edit`}
        extra={
          canEdit ? (
            <Space>
              {isNew ? null : <DeleteAudienceButton audienceKey={initial.key} name={initial.name} onDeleted={() => navigate("/audiences")} />}
              <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={onSave}>
                Save audience
              </Button>
            </Space>
          ) : null
        }
      />
      {save.error && !saveRuleErrors.length ? <ErrorAlert error={save.error} /> : null}
      <Row gutter={[16, 16]} className="audience-editor">
        <Col xs={24} xl={15}>
          <Space direction="vertical" size={16} style={{ width: "100%" }}>
            <DetailsCard details={details} isNew={isNew} readOnly={!canEdit} errors={fieldErrors(save.error, DETAIL_FIELDS)} onChange={changeDetails} />
            <Card title="Rules" size="small">
              <RuleBuilder tree={tree} kinds={kinds} errors={errors} readOnly={!canEdit} onChange={setTree} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <div className="preview-sticky">
            <PreviewCard query={preview.query} pending={preview.pending} ruleErrors={ruleErrors} canPreview={canEdit} />
          </div>
        </Col>
        {canEdit ? (
          <Col span={24}>
            <SampleTable
              sample={ruleErrors.length ? [] : sample}
              loading={preview.pending && !sample.length}
              emptyText={ruleErrors.length ? "Fix the problems in the rules to see who is in the audience." : "No member matches these rules."}
            />
          </Col>
        ) : null}
      </Row>
    </>
  );
}
