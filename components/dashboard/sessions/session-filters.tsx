import { FilterField, FilterForm } from "@/components/dashboard/filter-form";
import { Select } from "@/components/ui/field";
import type { SessionListParams } from "@/lib/dashboard/list-params";

export function SessionFilters({ params }: { params: SessionListParams }) {
  return (
    <FilterForm
      // Remount when the URL changes (links, back button): uncontrolled fields then show the new values.
      key={JSON.stringify(params)}
      action="/dashboard/sessions"
      label="Filter sessions"
      clearHref={params.status || params.environment ? "/dashboard/sessions" : undefined}
    >
      <FilterField id="filter-status" label="Status">
        <Select id="filter-status" name="status" defaultValue={params.status ?? ""}>
          <option value="">Any status</option>
          <option value="created">Created (not opened yet)</option>
          <option value="opened">Opened (in progress)</option>
          <option value="completed">Completed</option>
          <option value="expired">Expired</option>
        </Select>
      </FilterField>
      <FilterField id="filter-environment" label="Environment">
        <Select id="filter-environment" name="environment" defaultValue={params.environment ?? ""}>
          <option value="">All environments</option>
          <option value="prod">Production</option>
          <option value="sandbox">Sandbox</option>
        </Select>
      </FilterField>
    </FilterForm>
  );
}
