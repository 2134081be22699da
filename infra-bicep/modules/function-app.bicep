// The API: Azure Functions on the Flex Consumption plan, Node 22, running as a user-assigned
// managed identity. No keys or connection strings: every service is reached with Entra ID.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param applicationInsightsName string
param storageAccountName string
param deploymentContainerName string
param publicBaseUrl string
param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusFullyQualifiedNamespace string
param queueMaxDeliveries int
param maximumInstanceCount int
@description('Key Vault holding the secrets that app settings reference (OIDC and Auth0 Management client secrets, the LTI pseudonym key) and the LTI signing keys.')
param keyVaultName string
@description('URI of that Key Vault (app setting KEY_VAULT_URL).')
param keyVaultUri string
@description('The Auth0 tenant: issuer for sign-in and domain of the Management API.')
param auth0Domain string
param oidcClientId string
param auth0ManagementClientId string

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The application's settings: exactly the keys of AppSettings in shared/config/settings.ts,
// minus settingsUnsetInAzure (tests/unit/infra-consistency.test.ts checks both directions).
var appSettings = {
  LEERSPOOR_ENV: 'azure'
  PUBLIC_BASE_URL: publicBaseUrl
  LOG_LEVEL: 'info'
  COSMOS_ENDPOINT: cosmosEndpoint
  COSMOS_DATABASE: cosmosDatabaseName
  STORAGE_BLOB_URL: storage.properties.primaryEndpoints.blob
  STORAGE_QUEUE_URL: storage.properties.primaryEndpoints.queue
  QUEUE_DRIVER: 'service-bus'
  SERVICE_BUS_NAMESPACE: serviceBusFullyQualifiedNamespace
  QUEUE_MAX_DELIVERIES: string(queueMaxDeliveries)
  OIDC_ISSUER_URL: 'https://${auth0Domain}/'
  OIDC_CLIENT_ID: oidcClientId
  OIDC_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=oidc-client-secret)'
  IDP_MANAGEMENT_DRIVER: 'auth0'
  AUTH0_MANAGEMENT_DOMAIN: auth0Domain
  AUTH0_MANAGEMENT_CLIENT_ID: auth0ManagementClientId
  AUTH0_MANAGEMENT_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=auth0-management-client-secret)'
  SESSION_IDLE_MINUTES: '120'
  SESSION_ABSOLUTE_HOURS: '12'
  ROSTER_DEACTIVATION_LIMIT: '0.2'
  KEY_VAULT_URL: keyVaultUri
  // Put into the vault once (e.g. `openssl rand -base64 48`) and never changed: it keys every tool's pseudonyms.
  LTI_PSEUDONYM_KEY: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=lti-pseudonym-key)'
  // Put into the vault once (`openssl rand -base64 48`); encrypts the providers' licence webhook secrets in Cosmos DB.
  LICENCE_WEBHOOK_SECRET_KEY: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=licence-webhook-secret-key)'
}

// Settings of AppSettings that stay unset in Azure on purpose: they carry keys or connection
// strings for the local emulators, and in Azure the managed identity signs in instead
// (Cosmos DB, Storage and Service Bus all have local auth disabled).
#disable-next-line no-unused-vars
var settingsUnsetInAzure = [
  'COSMOS_KEY'
  'STORAGE_ACCOUNT_NAME'
  'STORAGE_ACCOUNT_KEY'
  'SERVICE_BUS_CONNECTION_STRING'
  'LOCAL_IDP_ADMIN_TOKEN'
]

// Settings of the Functions host, its bindings and the Azure SDKs, not of the application.
var platformSettings = {
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // Connection name of the Service Bus triggers (shared/runtime/define.ts).
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  // DefaultAzureCredential in the application picks the user-assigned identity by this id.
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in the app settings resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(platformSettings, appSettings)
}

output id string = functionApp.id
output name string = functionApp.name
