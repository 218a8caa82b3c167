import { Table, TBody, Td, THead, Th } from "@/components/ui/table";

type Flat = Record<string, string | number | boolean | null>;

/** Flat metadata as key/value rows; values shown as JSON so types are visible ("1" vs 1). */
export function MetadataTable({ metadata, caption }: { metadata: Flat; caption: string }) {
  const entries = Object.entries(metadata);
  if (!entries.length) return <p className="text-sm text-ink-muted">No metadata was sent.</p>;
  return (
    <Table caption={caption} minWidth="min-w-0">
      <THead>
        <Th>Key</Th>
        <Th>Value</Th>
      </THead>
      <TBody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <Td className="font-mono text-xs break-all text-ink">{k}</Td>
            <Td className="font-mono text-xs break-all">{JSON.stringify(v)}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
