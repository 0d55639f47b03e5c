import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { listCouponTemplates } from "../../api/catalog";
import type { FieldProps } from "./types";

/** A coupon template, shown with its kind and the stock it has. */
export function CouponPicker({ name, value, onChange, disabled }: FieldProps) {
  const query = useQuery({ queryKey: ["coupon-templates"], queryFn: ({ signal }) => listCouponTemplates(signal).then((d) => d.templates) });
  return (
    <Select
      aria-label={name}
      showSearch
      loading={query.isLoading}
      placeholder={query.error ? "Coupon templates could not be loaded" : "Choose a coupon template"}
      value={typeof value === "string" ? value : undefined}
      disabled={disabled}
      onChange={onChange}
      optionFilterProp="search"
      options={(query.data ?? []).map((t) => ({
        value: t.key,
        search: `${t.name} ${t.key}`,
        label: (
          <span className="picker-option">
            <span>{t.name}</span>
            <span className="muted">
              {t.kind.replace(/_/g, " ")}
              {t.stock_total == null ? "" : ` · stock ${t.stock_total}`}
            </span>
          </span>
        ),
      }))}
    />
  );
}
