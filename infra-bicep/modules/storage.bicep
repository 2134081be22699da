// Blob storage for the application's containers and the Functions host (blob + queue), reached
// with Entra ID only: shared keys are disabled, so no connection string can exist.
param name string
param location string
param tags object

@description('Blob containers that the code uses (shared/adapters/resources.ts).')
param blobContainers string[]

// Flex Consumption deploys the app package from this container; the code never names it.
var deploymentContainerName = 'deploymentpackage'

// Storage limitation (GDPR): roster uploads and privacy exports are deleted this many days after
// their last change. shared/privacy/retention.ts keeps the same numbers for its daily timer.
var blobRetentionDays = {
  'roster-files': 30
  'privacy-exports': 7
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Raw webhooks and roster files are the record of what was accepted: keep deletions recoverable.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in concat(blobContainers, [deploymentContainerName]): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        for retention in items(blobRetentionDays): {
          // Rule names are letters and digits only.
          name: 'delete${replace(retention.key, '-', '')}'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
                'appendBlob'
              ]
              prefixMatch: [
                '${retention.key}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: retention.value
                }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output deploymentContainerName string = deploymentContainerName
