import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";

let credential: TokenCredential | undefined;

/** The managed identity in Azure (or a developer's az login); created on first need. */
export function azureCredential(): TokenCredential {
  credential ??= new DefaultAzureCredential();
  return credential;
}
