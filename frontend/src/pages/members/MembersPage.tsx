import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Card, Flex, Table, Tag, Typography } from "antd";
import { useCallback } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { listMembers } from "../../api/members";
import type { MemberSummary } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatNumber } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { MemberFilters } from "./MemberFilters";
import { memberColumns } from "./memberColumns";

/** Members, a page at a time; the filters and the page cursor live in the URL. */
export function MembersPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const tier = params.get("tier") ?? "";
  const segment = params.get("segment") ?? "";
  const after = params.get("after");
  const before = params.get("before");

  const query = useQuery({
    queryKey: ["members", { q, tier, segment, after, before }],
    queryFn: ({ signal }) => listMembers({ q, tier, segment, after, before }, signal),
    placeholderData: keepPreviousData,
  });

  const setFilters = useCallback(
    (next: { q: string; tier: string; segment?: string }) => {
      const p = new URLSearchParams();
      if (next.q.trim()) p.set("q", next.q.trim());
      if (next.tier) p.set("tier", next.tier);
      const seg = next.segment ?? segment;
      if (seg) p.set("segment", seg);
      setParams(p, { replace: true });
    },
    [setParams, segment],
  );

  const goTo = (cursor: { after?: string; before?: string }) => {
    const p = new URLSearchParams();
    if (q) p.set("q", q);
    if (tier) p.set("tier", tier);
    if (segment) p.set("segment", segment);
    if (cursor.after) p.set("after", cursor.after);
    if (cursor.before) p.set("before", cursor.before);
    setParams(p);
  };

  const data = query.data;
  const filtered = Boolean(q || tier || segment);
  return (
    <>
      <PageHeader
        title="Members 会员"
        subtitle={
          data?.total != null
            ? `${formatNumber(data.total)} member${data.total === 1 ? "" : "s"}${filtered ? " match" : ""}`
            : "Loyalty members with their tier, points, orders and RFM segment."
        }
      />
      <Flex align="center" gap={8} wrap>
        <MemberFilters q={q} tier={tier} onChange={setFilters} />
        {segment ? (
          <Tag closable color="blue" className="toolbar" onClose={() => setFilters({ q, tier, segment: "" })}>
            RFM segment: {segment}
          </Tag>
        ) : null}
      </Flex>
      {query.error ? <ErrorAlert error={query.error} /> : null}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<MemberSummary>
          className="clickable-rows"
          rowKey="id"
          size="middle"
          columns={memberColumns}
          dataSource={data?.members ?? []}
          loading={query.isFetching}
          pagination={false}
          scroll={{ x: 1100 }}
          onRow={(row) => ({ onClick: () => navigate(`/members/${row.id}`) })}
          locale={{
            emptyText: query.isLoading ? (
              " "
            ) : (
              <EmptyState
                title={filtered ? "No member matches" : "No members yet"}
                description={
                  filtered
                    ? "Try a name, a phone number, an email address or the member ID from your shop."
                    : "Members arrive from the shop, app and POS through the API or a CSV import."
                }
              />
            ),
          }}
        />
      </Card>
      <Flex className="pager" justify="space-between" align="center">
        <Typography.Text type="secondary">
          {data ? `Showing ${formatNumber(data.members.length)} on this page` : ""}
        </Typography.Text>
        <Flex gap={8}>
          <Button
            icon={<LeftOutlined />}
            disabled={!data?.prev_cursor || query.isFetching}
            onClick={() => data?.prev_cursor && goTo({ before: data.prev_cursor })}
          >
            Previous page
          </Button>
          <Button
            disabled={!data?.next_cursor || query.isFetching}
            onClick={() => data?.next_cursor && goTo({ after: data.next_cursor })}
          >
            Next page <RightOutlined />
          </Button>
        </Flex>
      </Flex>
    </>
  );
}
