// Team forms, checked the same way in the browser and on the server. No server imports here.
import { z } from "zod";

export const ROLES = ["owner", "admin", "member"] as const;
export type TeamRole = (typeof ROLES)[number];
export const INVITATION_DAYS = 7;

export const ROLE_LABELS: Record<TeamRole, string> = { owner: "Owner", admin: "Admin", member: "Member" };
export const ROLE_DESCRIPTIONS: Record<TeamRole, string> = {
  owner: "everything, including roles and removing people",
  admin: "settings, keys, webhooks and invitations",
  member: "read-only settings; their own notifications",
};

export const roleSchema = z.enum(ROLES, { error: "Choose a role: owner, admin or member" });

export const invitationInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "At most 254 characters")
    .pipe(z.email({ error: "Enter an email address, like teammate@company.com" })),
  role: roleSchema,
});
export type InvitationInput = z.input<typeof invitationInput>;
