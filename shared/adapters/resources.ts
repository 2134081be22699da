/**
 * Every Cosmos container, blob container and queue that the code uses. `npm start` creates
 * them locally; `infra-bicep/` declares them in Azure, and a test keeps the two in step.
 */
export const cosmosContainers = [
  /** School-owned documents (tenant = school, training centre or company). */
  { name: "school-data", partitionKey: "/schoolId" },
  /** Documents owned by a tool provider organisation. */
  { name: "provider-data", partitionKey: "/providerId" },
  /** Platform-wide documents of the consortium (tenants registry, keys, metering). */
  { name: "platform", partitionKey: "/kind" },
  /** Sign-in sessions and sign-in attempts, read by id on every request; expire by TTL. */
  { name: "sessions", partitionKey: "/id" },
] as const;
export type CosmosContainerName = (typeof cosmosContainers)[number]["name"];

export const blobContainers = [
  "webhooks-raw",
  "roster-files",
  "analytics-events",
  "research-exports",
  "privacy-exports",
  "profile-pictures",
  /** Tool providers' logos and screenshots, under `<providerId>/<mediaId>`. */
  "tool-media",
] as const;
export type BlobContainerName = (typeof blobContainers)[number];

export const queues = [
  "analytics-events",
  "roster-imports",
  "privacy-requests",
  /** Verified licence webhooks, one message per webhook id, for the licence processor. */
  "licence-events",
] as const;
export type QueueName = (typeof queues)[number];
