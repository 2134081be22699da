import { createHash } from "node:crypto";
import { blobStore, documentStore, messageQueue, type Stored } from "../../adapters/index.js";
import { HttpProblem } from "../../runtime/index.js";
import { parseRoster, RosterFileRejected } from "../roster/index.js";
import type { SchoolScope } from "../scope.js";
import { zeroCounts, type RosterImport } from "./import-record.js";
import { updateImport } from "./process.js";

const schoolData = () => documentStore().container("school-data");

export const maxRosterBytes = 10 * 1024 * 1024;

async function enqueue(record: RosterImport): Promise<void> {
  await messageQueue().send("roster-imports", [{ id: `${record.id}:${record.updatedAt}`, body: { importId: record.id, schoolId: record.schoolId } }]);
}

/**
 * Takes an uploaded roster: refuses a file that is no roster at all (400 naming the body),
 * stores the bytes in Blob before anything else, records the import and queues it. The same
 * file again returns the import it already has.
 */
export async function startRosterImport(
  scope: SchoolScope,
  uploadedBy: string,
  file: { bytes: Uint8Array; fileName: string },
  now = new Date(),
): Promise<{ record: Stored<RosterImport>; isNew: boolean }> {
  if (file.bytes.length === 0) {
    throw new HttpProblem(400, "validation", "Invalid request", "The file is empty", [{ field: "body", message: "empty file" }]);
  }
  let kind: RosterImport["kind"];
  try {
    kind = parseRoster(file.bytes, file.fileName).kind;
  } catch (error) {
    if (!(error instanceof RosterFileRejected)) throw error;
    throw new HttpProblem(400, "roster-rejected", "Not a roster", error.message, [{ field: "body", message: error.message }]);
  }
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const id = `roster-import-${sha256.slice(0, 40)}`;
  const existing = await schoolData().read<RosterImport>(id, scope.schoolId);
  if (existing) {
    if (existing.state === "failed") {
      const retried = await updateImport(scope.schoolId, id, () => ({ state: "queued", failure: undefined }), now);
      await enqueue(retried);
      return { record: retried, isNew: false };
    }
    return { record: existing, isNew: false };
  }
  const extension = kind === "plain-csv" ? "csv" : "zip";
  const blobName = `${scope.schoolId}/${id}/upload.${extension}`;
  await blobStore().put("roster-files", blobName, Buffer.from(file.bytes), extension === "zip" ? "application/zip" : "text/csv");
  const record: RosterImport = {
    id, schoolId: scope.schoolId, type: "roster-import", state: "queued", fileName: file.fileName.slice(0, 255), sha256, blobName, kind, uploadedBy,
    progress: { done: 0, total: 0 }, counts: zeroCounts(), confirmed: false, createdAt: now.toISOString(), updatedAt: now.toISOString(),
  };
  const stored = await schoolData().create(record);
  await enqueue(stored);
  return { record: stored, isNew: true };
}

export async function confirmRosterImport(scope: SchoolScope, importId: string, now = new Date()): Promise<Stored<RosterImport> | undefined> {
  const existing = await readRosterImport(scope, importId);
  if (!existing) return undefined;
  if (existing.state !== "needs-confirmation") {
    throw new HttpProblem(409, "not-awaiting-confirmation", "Nothing to confirm", `This import is ${existing.state}`);
  }
  const confirmed = await updateImport(scope.schoolId, importId, () => ({ state: "queued", confirmed: true }), now);
  await enqueue(confirmed);
  return confirmed;
}

export async function readRosterImport(scope: SchoolScope, importId: string): Promise<Stored<RosterImport> | undefined> {
  const record = await schoolData().read<RosterImport>(importId, scope.schoolId);
  return record?.type === "roster-import" ? record : undefined;
}

export async function listRosterImports(scope: SchoolScope): Promise<Stored<RosterImport>[]> {
  const records = await schoolData().query<Stored<RosterImport>>({ query: "SELECT * FROM c WHERE c.type = 'roster-import'" }, { partitionKey: scope.schoolId });
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function rosterImportErrorsCsv(scope: SchoolScope, importId: string): Promise<Buffer | undefined> {
  const record = await readRosterImport(scope, importId);
  if (!record) return undefined;
  if (!record.errorsBlobName) return Buffer.from("\uFEFFfile,row,field,message\n");
  return blobStore().get("roster-files", record.errorsBlobName);
}
