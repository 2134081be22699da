// Key Vault for the LTI signing keys (RS256, rotated with overlap; secrets `lti-signing-key-<kid>`
// written by the lti-key-rotation timer) and the secrets that app settings reference. Access through Azure RBAC
// only; purge protection because losing a signing key breaks every tool's trust in the portal.
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
