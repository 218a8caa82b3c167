import type { TestProject } from "vitest/node";
import { createMigratedDatabase, dropDatabase, startTestServer, uniqueName } from "../helpers/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    dbAdminUrl: string;
    dbTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const template = uniqueName("rb_template");
  await createMigratedDatabase(server.adminUrl, template);
  project.provide("dbAdminUrl", server.adminUrl);
  project.provide("dbTemplate", template);
  return async () => {
    await dropDatabase(server.adminUrl, template).catch(() => {});
    await server.stop();
  };
}
