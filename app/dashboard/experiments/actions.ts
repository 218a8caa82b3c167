"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { errorResult, saved, workspaceAction } from "@/lib/dashboard/action";
import { text } from "@/lib/dashboard/forms";
import {
  createExperiment,
  declareWinner,
  deleteExperiment,
  startExperiment,
  stopExperiment,
} from "@/lib/domain/experiments/experiments";
import { errorsForRows, readVariantRows } from "./variant-rows";

// Experiments change what customers are offered: admins and owners of an Advanced workspace (the
// wrapper's policy also refuses the demo and workspaces whose subscription has ended).
const ADMIN = { role: "admin", feature: "experiments", task: "change experiments" } as const;

export const createExperimentAction = workspaceAction(
  { ...ADMIN, schema: z.object({ name: text(), reasonKey: text() }) },
  async ({ name, reasonKey }, { workspace, actor, form }) => {
    const { rows, errors } = readVariantRows(form);
    if (Object.keys(errors).length) {
      return { ok: false, message: Object.values(errors).join(" · "), fieldErrors: errors };
    }
    let id: string;
    try {
      const created = await createExperiment(
        workspace.id,
        { name, reasonKey: reasonKey || null, variants: rows.map((r) => r.variant) },
        { actor },
      );
      id = created.id;
    } catch (e) {
      return errorsForRows(errorResult(e), rows);
    }
    redirect(`/dashboard/experiments/${id}`);
  },
);

const experimentForm = z.object({ experimentId: text() });

export const startExperimentAction = workspaceAction(
  { ...ADMIN, schema: experimentForm },
  async ({ experimentId }, { workspace, actor }) => {
    await startExperiment(workspace.id, experimentId, { actor });
    return saved("Experiment started: customers in its scope now see its variants.");
  },
);

export const stopExperimentAction = workspaceAction(
  { ...ADMIN, schema: experimentForm },
  async ({ experimentId }, { workspace, actor }) => {
    await stopExperiment(workspace.id, experimentId, { actor });
    return saved("Experiment stopped: its results are kept.");
  },
);

export const declareWinnerAction = workspaceAction(
  { ...ADMIN, schema: z.object({ experimentId: text(), variant: text() }) },
  async ({ experimentId, variant }, { workspace, actor }) => {
    if (!variant) {
      const message = "Choose the winning variant";
      return { ok: false, message, fieldErrors: { variant: message } };
    }
    await declareWinner(workspace.id, experimentId, variant, { actor });
    return saved(`Winner declared: ${variant}'s offer is now the normal offer for this scope.`);
  },
);

export const deleteExperimentAction = workspaceAction(
  { ...ADMIN, schema: experimentForm },
  async ({ experimentId }, { workspace, actor }) => {
    await deleteExperiment(workspace.id, experimentId, { actor });
    redirect("/dashboard/experiments?deleted=1");
  },
);
