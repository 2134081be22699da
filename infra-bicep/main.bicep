// Leerspoor in Azure: one resource group per azd environment (`azd up`).
// Every resource that the code names is declared here; tests/unit/infra-consistency.test.ts
// compares the lists below and the Function App's settings with shared/config and
// shared/adapters/resources.ts. Add a queue, container or setting in both places at once.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource except the Static Web App. It must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = resourceGroup().location

@description('Static Web Apps run in a few regions only; West Europe is the one nearest Flanders.')
@allowed([
  'westeurope'
  'westus2'
  'centralus'
  'eastus2'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

@description('Name of the Cosmos DB database (app setting COSMOS_DATABASE).')
param cosmosDatabaseName string = 'leerspoor'

@minValue(1)
@maxValue(100)
@description('Deliveries of one message before Service Bus dead-letters it (app setting QUEUE_MAX_DELIVERIES).')
param queueMaxDeliveries int = 5

@description('Where alerts go, e.g. a dead-lettered message. Empty: alerts fire without e-mail.')
param alertEmail string = ''

@description('The Auth0 tenant domain, e.g. leerspoor.eu.auth0.com (sign-in issuer and Management API).')
param auth0Domain string

@description('Client id of the portal application in Auth0; its secret goes into Key Vault as oidc-client-secret.')
param oidcClientId string

@description('Client id of the machine-to-machine application for the Auth0 Management API (user deletion on erasure); its secret goes into Key Vault as auth0-management-client-secret.')
param auth0ManagementClientId string

@description('Largest number of Function App instances that Flex Consumption may scale out to.')
param maximumInstanceCount int = 40

// Mirrors of shared/adapters/resources.ts (checked by the consistency test).
var cosmosContainers = [
  { name: 'school-data', partitionKey: '/schoolId' }
  { name: 'provider-data', partitionKey: '/providerId' }
  { name: 'platform', partitionKey: '/kind' }
  { name: 'sessions', partitionKey: '/id' }
]
var blobContainers = [
  'webhooks-raw'
  'roster-files'
  'analytics-events'
  'research-exports'
  'privacy-exports'
  'profile-pictures'
  'tool-media'
]
var queues = [
  'analytics-events'
  'roster-imports'
  'privacy-requests'
  'licence-events'
]

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName }

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    blobContainers: blobContainers
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${resourceToken}'
    databaseName: cosmosDatabaseName
    containers: cosmosContainers
    location: location
    tags: tags
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    name: 'sb-${resourceToken}'
    location: location
    tags: tags
    queues: queues
    maxDeliveryCount: queueMaxDeliveries
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
  }
}

module staticWeb 'modules/static-web.bicep' = {
  name: 'static-web'
  params: {
    name: 'stapp-${resourceToken}'
    location: staticWebAppLocation
    tags: tags
  }
}

// Granted before the Function App exists, so that its first start can already reach storage.
module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.accountName
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  dependsOn: [
    roleAssignments
  ]
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    publicBaseUrl: staticWeb.outputs.url
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    queueMaxDeliveries: queueMaxDeliveries
    maximumInstanceCount: maximumInstanceCount
    keyVaultName: keyVault.outputs.name
    keyVaultUri: keyVault.outputs.uri
    auth0Domain: auth0Domain
    oidcClientId: oidcClientId
    auth0ManagementClientId: auth0ManagementClientId
  }
}

// Static Web Apps proxies /api/* to the Function App, so the portal and the API share one origin.
module staticWebBackend 'modules/static-web-backend.bicep' = {
  name: 'static-web-backend'
  params: {
    staticWebAppName: staticWeb.outputs.name
    functionAppId: functionApp.outputs.id
    functionAppLocation: location
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: resourceToken
    tags: tags
    alertEmail: alertEmail
    serviceBusNamespaceId: serviceBus.outputs.id
    queues: queues
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_WEB_NAME string = staticWeb.outputs.name
output PUBLIC_BASE_URL string = staticWeb.outputs.url
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
