import { FilterField, FilterForm } from "@/components/dashboard/filter-form";
import { Input, isoDateInputProps, Select } from "@/components/ui/field";
import { type EventListParams, hasEventFilters, hrefWith } from "@/lib/dashboard/list-params";

export function EventFilters({
  params,
  reasons,
}: {
  params: EventListParams;
  reasons: { key: string; label: string }[];
}) {
  const environment = params.environment === "sandbox" ? "sandbox" : undefined;
  // A reason key from the URL that the workspace no longer has still shows as selected.
  const options =
    params.reason && !reasons.some((r) => r.key === params.reason)
      ? [...reasons, { key: params.reason, label: params.reason }]
      : reasons;
  return (
    <FilterForm
      // Remount when the URL changes (links, back button): uncontrolled fields then show the new values.
      key={JSON.stringify(params)}
      action="/dashboard/events"
      label="Filter events"
      hidden={environment ? { environment } : undefined}
      clearHref={hasEventFilters(params) ? hrefWith("/dashboard/events", { environment }) : undefined}
    >
      <FilterField id="filter-outcome" label="Outcome">
        <Select id="filter-outcome" name="outcome" defaultValue={params.outcome ?? ""}>
          <option value="">Any outcome</option>
          <option value="pending">Pending</option>
          <option value="recovered">Recovered</option>
          <option value="churned">Churned</option>
          <option value="abandoned">Abandoned</option>
        </Select>
      </FilterField>
      <FilterField id="filter-reason" label="Reason">
        <Select id="filter-reason" name="reason" defaultValue={params.reason ?? ""}>
          <option value="">Any reason</option>
          {options.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField id="filter-source" label="Source">
        <Select id="filter-source" name="source" defaultValue={params.source ?? ""}>
          <option value="">Any source</option>
          <option value="hosted">Hosted flow</option>
          <option value="api">API</option>
        </Select>
      </FilterField>
      <FilterField id="filter-user" label="User ID">
        <Input
          id="filter-user"
          name="user"
          defaultValue={params.user ?? ""}
          placeholder="cus_123"
          maxLength={255}
        />
      </FilterField>
      <FilterField id="filter-from" label="From (UTC)">
        <Input id="filter-from" name="from" {...isoDateInputProps} defaultValue={params.from ?? ""} />
      </FilterField>
      <FilterField id="filter-to" label="To (UTC, inclusive)">
        <Input id="filter-to" name="to" {...isoDateInputProps} defaultValue={params.to ?? ""} />
      </FilterField>
    </FilterForm>
  );
}
