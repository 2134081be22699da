import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import type { AppSettings } from "../config/index.js";
import { azureCredential } from "./credential.js";
import { blobContainers, type BlobContainerName } from "./resources.js";

export interface BlobStore {
  put(container: BlobContainerName, name: string, content: Buffer | string, contentType: string): Promise<void>;
  /** Appends one line to an append blob, creating it on first use (NDJSON logs, raw archives). */
  appendLine(container: BlobContainerName, name: string, line: string): Promise<void>;
  get(container: BlobContainerName, name: string): Promise<Buffer | undefined>;
  delete(container: BlobContainerName, name: string): Promise<boolean>;
  list(container: BlobContainerName, prefix?: string): Promise<string[]>;
  /** Like `list`, with when each blob was last written (retention) and its size. */
  listWithProperties(container: BlobContainerName, prefix?: string): Promise<BlobEntry[]>;
  ensureResources(): Promise<void>;
  ping(signal: AbortSignal): Promise<void>;
}

export interface BlobEntry {
  name: string;
  lastModified: Date;
  size: number;
}

export function createBlobStore(settings: AppSettings): BlobStore {
  const service =
    settings.STORAGE_ACCOUNT_KEY && settings.STORAGE_ACCOUNT_NAME
      ? new BlobServiceClient(
          settings.STORAGE_BLOB_URL,
          new StorageSharedKeyCredential(settings.STORAGE_ACCOUNT_NAME, settings.STORAGE_ACCOUNT_KEY),
        )
      : new BlobServiceClient(settings.STORAGE_BLOB_URL, azureCredential());
  const blob = (container: BlobContainerName, name: string) => service.getContainerClient(container).getBlockBlobClient(name);

  return {
    async put(container, name, content, contentType) {
      const data = typeof content === "string" ? Buffer.from(content) : content;
      await blob(container, name).uploadData(data, { blobHTTPHeaders: { blobContentType: contentType } });
    },
    async appendLine(container, name, line) {
      const client = service.getContainerClient(container).getAppendBlobClient(name);
      await client.createIfNotExists({ blobHTTPHeaders: { blobContentType: "application/x-ndjson" } });
      const data = Buffer.from(`${line}\n`);
      await client.appendBlock(data, data.length);
    },
    async get(container, name) {
      try {
        return await blob(container, name).downloadToBuffer();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },
    async delete(container, name) {
      const { succeeded } = await blob(container, name).deleteIfExists();
      return succeeded;
    },
    async list(container, prefix) {
      const names: string[] = [];
      for await (const item of service.getContainerClient(container).listBlobsFlat(prefix ? { prefix } : {})) {
        names.push(item.name);
      }
      return names;
    },
    async listWithProperties(container, prefix) {
      const entries: BlobEntry[] = [];
      for await (const item of service.getContainerClient(container).listBlobsFlat(prefix ? { prefix } : {})) {
        entries.push({ name: item.name, lastModified: item.properties.lastModified, size: item.properties.contentLength ?? 0 });
      }
      return entries;
    },
    async ensureResources() {
      for (const container of blobContainers) await service.getContainerClient(container).createIfNotExists();
    },
    async ping(signal) {
      await service.getContainerClient(blobContainers[0]).getProperties({ abortSignal: signal });
    },
  };
}
