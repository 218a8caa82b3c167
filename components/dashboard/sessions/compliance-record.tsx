import { DetailList, None } from "@/components/dashboard/detail-list";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { formatDateTimeSeconds } from "@/lib/dashboard/format";
import {
  actionInWords,
  modeInWords,
  NO_OFFER_DETAIL,
  pageInWords,
} from "@/lib/domain/cancel-sessions/readable-timeline";
import type { ComplianceRecord } from "@/lib/domain/compliance/record";

const Code = ({ children }: { children: string }) => (
  <code className="font-mono text-xs break-all">{children}</code>
);

/**
 * A session's compliance record in words: what law the flow followed, every page the customer saw
 * with the actions it offered, the clicks it took, the receipt and its email (DESIGN 12).
 */
export function ComplianceRecordView({ record, timeZone }: { record: ComplianceRecord; timeZone: string }) {
  const when = (at: string) => formatDateTimeSeconds(at, timeZone);
  const r = record;
  return (
    <div className="space-y-4">
      <DetailList
        items={[
          {
            label: "Jurisdiction",
            value: r.jurisdiction ? (
              <Code>{r.jurisdiction}</Code>
            ) : (
              <None>Unknown: no customer country sent</None>
            ),
          },
          {
            label: "Mode",
            value: (
              <>
                {modeInWords(r.mode)} <Code>{`(${r.mode})`}</Code>
              </>
            ),
          },
          { label: "Language", value: <Code>{r.locale}</Code> },
          {
            label: "Intent",
            value: r.intent === "withdrawal" ? "Withdrawal from the contract" : "Cancellation",
          },
          {
            label: "Clicks to confirmation",
            value:
              r.clicksToConfirmation !== null ? (
                `${r.clicksToConfirmation} ${r.clicksToConfirmation === 1 ? "click" : "clicks"} from landing to the receipt page`
              ) : (
                <None>{r.confirmedAt ? "Not recorded (before click recording)" : "Not confirmed"}</None>
              ),
          },
          {
            label: "Confirmed",
            value: r.confirmedAt ? when(r.confirmedAt) : <None>Not confirmed</None>,
          },
          {
            label: "Offer",
            value: r.offer.shown ? (
              "Shown"
            ) : (
              <>
                Not shown
                {r.offer.noOfferReason ? (
                  <span className="mt-1 block text-ink-muted">
                    {NO_OFFER_DETAIL[r.offer.noOfferReason] ?? r.offer.noOfferReason}
                  </span>
                ) : null}
              </>
            ),
          },
          {
            label: "Receipt",
            value: r.receipt ? (
              <>
                <Code>{r.receipt.id}</Code>, created {when(r.receipt.createdAt)}
                <span className="mt-1 block">
                  {r.receipt.emailed && r.receipt.emailedAt ? (
                    <>
                      Emailed {when(r.receipt.emailedAt)}
                      {r.receipt.messageId ? (
                        <>
                          , Message-ID <Code>{r.receipt.messageId}</Code>
                        </>
                      ) : null}
                    </>
                  ) : (
                    <None>Not emailed</None>
                  )}
                </span>
              </>
            ) : (
              <None>None</None>
            ),
          },
          {
            label: "Result token",
            value: r.resultToken.issuedAt ? (
              `Issued ${when(r.resultToken.issuedAt)}`
            ) : (
              <None>Not issued</None>
            ),
          },
        ]}
      />
      {r.pages.length ? (
        <Table caption="Pages shown to the customer" minWidth="min-w-[32rem]">
          <THead>
            <Th>Page</Th>
            <Th>Shown</Th>
            <Th>Actions offered</Th>
          </THead>
          <TBody>
            {r.pages.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered; a reload can repeat a page in the same instant
              <tr key={`${i}-${p.at}`}>
                <Td className="font-medium text-ink">{pageInWords(p.page)}</Td>
                <Td className="whitespace-nowrap tabular-nums">{when(p.at)}</Td>
                <Td>{p.actions.length ? p.actions.map(actionInWords).join(", ") : <None>None</None>}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      ) : (
        <p className="rounded-lg bg-surface-muted px-3 py-2 text-body text-ink-muted ring-1 ring-line">
          No page views recorded for this session
          {r.confirmedAt || r.outcome
            ? ": it predates compliance records, so only its timeline shows what happened."
            : " yet: each page the customer sees will be listed here with the actions it offered."}
        </p>
      )}
    </div>
  );
}
